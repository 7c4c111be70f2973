package io.livecomments.adapters.dynamodb;

import java.net.URI;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
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

  record Stores(DynamoDbClient client, DynamoDbEnhancedClient enhanced, DynamoDbTables tables) {
    static Stores create(DynamoDbClient client, String prefix) {
      DynamoDbTables tables = new DynamoDbTables(prefix);
      tables.createMissing(client);
      return new Stores(
          client, DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(), tables);
    }
  }
}
