package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The whole REST contract again, with {@code livecomments.store=dynamodb} against a separately
 * started DynamoDB Local and {@code create-tables=true}: the service creates its prefixed tables.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiOnDynamoDbTest extends RestApiTest implements TestPropertyProvider {

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>();
    // The contract's default prefix, on a DynamoDB Local of its own.
    SeparateDynamoDb.serviceProperties("livecomments-")
        .forEach((k, v) -> properties.put(k, v.toString()));
    return properties;
  }

  @Test
  void theServiceCreatedItsPrefixedTablesWithTtlWhereItemsExpire() {
    try (DynamoDbClient client = EmbeddedDynamoDb.localClient(SeparateDynamoDb.endpoint())) {
      List<String> tables = client.listTables().tableNames();
      assertTrue(
          tables.containsAll(
              List.of(
                  "livecomments-posts",
                  "livecomments-comments",
                  "livecomments-changes",
                  "livecomments-idempotency",
                  "livecomments-connections")),
          tables.toString());
      for (String table :
          List.of("livecomments-changes", "livecomments-idempotency", "livecomments-connections")) {
        var ttl = client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus(), table);
        assertEquals("expiresAt", ttl.attributeName(), table);
      }
    }
  }
}
