package io.livecomments.adapters.dynamodb;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local for the whole test run, started in this JVM and reached over HTTP by the real
 * SDK client. Each test class gets its own table prefix, so classes never see each other's data.
 */
final class LocalDynamoDb {

  private static EmbeddedDynamoDb server;
  private static int prefixes;

  private LocalDynamoDb() {}

  static synchronized URI endpoint() {
    if (server == null) {
      server = EmbeddedDynamoDb.startInMemory();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server.endpoint();
  }

  /** Fresh, created tables under a prefix no other test uses, on the shared DynamoDB Local. */
  static synchronized Stores freshStores() {
    return Stores.create(EmbeddedDynamoDb.localClient(endpoint()), "test" + (++prefixes) + "-");
  }

  /** An Enhanced Client for the shared DynamoDB Local whose SDK client runs the interceptor. */
  static DynamoDbEnhancedClient enhancedWith(ExecutionInterceptor interceptor) {
    DynamoDbClient client =
        DynamoDbClient.builder()
            .endpointOverride(endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor))
            .build();
    return DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
  }

  record Stores(DynamoDbClient client, DynamoDbEnhancedClient enhanced, DynamoDbTables tables) {
    static Stores create(DynamoDbClient client, String prefix) {
      DynamoDbTables tables = new DynamoDbTables(prefix);
      tables.createMissing(client);
      return new Stores(
          client, DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(), tables);
    }
  }
}
