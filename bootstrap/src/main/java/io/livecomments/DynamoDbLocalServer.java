package io.livecomments;

import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local on its own, from the same jar, for running the service with {@code
 * LIVECOMMENTS_STORE=dynamodb} against a separate database (several instances, benchmarks):
 *
 * <pre>java -cp bootstrap/target/livecomments.jar io.livecomments.DynamoDbLocalServer 8000 ./ddb
 * </pre>
 *
 * Arguments: port (default 8000) and data folder (default {@code ./dynamodb-data}). Listens on
 * 127.0.0.1 only; stops on Ctrl-C.
 */
public final class DynamoDbLocalServer {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);

  private DynamoDbLocalServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
    Path dataDir = Path.of(args.length > 1 ? args[1] : "dynamodb-data");
    EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(dataDir, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dynamoDb.close();
                  stopped.countDown();
                }));
    LOG.info("DynamoDB Local ready at {}; Ctrl-C stops it", dynamoDb.endpoint());
    stopped.await();
  }
}
