package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.Api.Reply;
import io.livecomments.adapters.dynamodb.DynamoDbTables;
import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Readiness follows the store (store=dynamodb against a DynamoDB Local this test starts, stops and
 * restarts): DOWN within 5 s of DynamoDB going away or a table going missing, UP within 5 s of its
 * return, while liveness, which depends on nothing outside the process, stays UP throughout.
 */
class ReadinessTest {

  private static final Duration WITHIN = Duration.ofSeconds(5);

  @TempDir Path dataDir;

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static EmbeddedServer service(EmbeddedDynamoDb dynamoDb, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("livecomments.store", "dynamodb");
    properties.put("livecomments.dynamodb.endpoint", dynamoDb.endpoint().toString());
    properties.put("livecomments.dynamodb.create-tables", "true");
    properties.put("livecomments.broadcast", "none");
    properties.put("livecomments.apigateway.endpoint", "http://127.0.0.1:9");
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  /** Waits for readiness to answer {@code status}, checking liveness is UP at every step. */
  private static Reply awaitReadiness(Api api, int status) {
    return Awaitility.await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Reply liveness = api.get("/health/liveness");
              assertEquals(200, liveness.status(), "liveness: " + liveness.text());
              return api.get("/health/readiness");
            },
            reply -> reply.status() == status);
  }

  @Test
  void readinessGoesDownWhenDynamoDbStopsAndUpWhenItRestartsWhileLivenessStaysUp()
      throws Exception {
    int port = freePort();
    // Kept on disk, so that the restarted DynamoDB Local has the tables again, as DynamoDB would.
    EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(dataDir, port);
    try (EmbeddedServer service = service(dynamoDb, Map.of())) {
      Api api = new Api(service.getURI());
      assertEquals(200, awaitReadiness(api, 200).status());

      dynamoDb.close();
      Reply down = awaitReadiness(api, 503);
      assertEquals("DOWN", down.string("status"));
      assertEquals("application/json", down.header("Content-Type").orElseThrow().split(";")[0]);

      dynamoDb = EmbeddedDynamoDb.start(dataDir, port);
      assertEquals("UP", awaitReadiness(api, 200).string("status"));
    } finally {
      dynamoDb.close();
    }
  }

  @Test
  void aMissingTableMakesReadinessDownUntilAnOperatorCreatesIt() throws Exception {
    try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(dataDir, freePort());
        DynamoDbClient operator = EmbeddedDynamoDb.localClient(dynamoDb.endpoint());
        EmbeddedServer service =
            service(dynamoDb, Map.of("endpoints.health.details-visible", "ANONYMOUS"))) {
      Api api = new Api(service.getURI());
      assertEquals(200, awaitReadiness(api, 200).status());

      operator.deleteTable(r -> r.tableName("livecomments-comments"));
      Reply down = awaitReadiness(api, 503);
      @SuppressWarnings("unchecked")
      Map<String, Object> store =
          (Map<String, Object>) ((Map<String, Object>) down.json().get("details")).get("store");
      assertEquals("missing", ((Map<?, ?>) store.get("details")).get("livecomments-comments"));

      new DynamoDbTables("livecomments-").createMissing(operator);
      awaitReadiness(api, 200);
    }
  }
}
