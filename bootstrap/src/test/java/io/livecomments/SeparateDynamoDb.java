package io.livecomments;

import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A DynamoDB Local started apart from the service under test (as a team would run one for {@code
 * store=dynamodb}), shared by the test classes of this JVM.
 */
final class SeparateDynamoDb {

  private static EmbeddedDynamoDb server;

  private SeparateDynamoDb() {}

  static synchronized URI endpoint() {
    if (server == null) {
      server = EmbeddedDynamoDb.startInMemory();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server.endpoint();
  }

  /** Properties for a service on this DynamoDB with tables under {@code prefix}. */
  static Map<String, Object> serviceProperties(String prefix) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("livecomments.store", "dynamodb");
    properties.put("livecomments.dynamodb.endpoint", endpoint().toString());
    properties.put("livecomments.dynamodb.create-tables", "true");
    properties.put("livecomments.dynamodb.table-prefix", prefix);
    return properties;
  }
}
