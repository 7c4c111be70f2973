package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.StoreStatus;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The readiness probe against DynamoDB Local over HTTP: tables present, missing, unreachable. */
class DynamoDbStoreProbeTest {

  @Test
  void everyTablePresentAndActiveIsReady() {
    LocalDynamoDb.Stores stores = LocalDynamoDb.freshStores();

    StoreStatus status =
        new DynamoDbStoreProbe(stores.client(), stores.tables(), DynamoDbStoreProbe.DEFAULT_TIMEOUT)
            .probe();

    assertTrue(status.ready(), status.toString());
    assertEquals(stores.tables().names(), status.details().keySet().stream().toList());
    assertTrue(status.details().values().stream().allMatch("ACTIVE"::equals), status.toString());
  }

  @Test
  void aMissingTableIsNotReadyAndNamedMissing() {
    LocalDynamoDb.Stores stores = LocalDynamoDb.freshStores();
    String comments = stores.tables().name(DynamoDbTables.COMMENTS);
    stores.client().deleteTable(r -> r.tableName(comments));

    StoreStatus status =
        new DynamoDbStoreProbe(stores.client(), stores.tables(), DynamoDbStoreProbe.DEFAULT_TIMEOUT)
            .probe();

    assertFalse(status.ready());
    assertEquals(DynamoDbStoreProbe.MISSING, status.details().get(comments));
    assertEquals("ACTIVE", status.details().get(stores.tables().name(DynamoDbTables.POSTS)));
  }

  @Test
  void anUnreachableDynamoDbIsNotReadyWithinTheTimeoutAndOnlyTheFirstTableIsAsked()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DynamoDbTables tables = new DynamoDbTables("nowhere-");
    try (DynamoDbClient client =
        EmbeddedDynamoDb.localClient(URI.create("http://127.0.0.1:" + closedPort))) {
      long started = System.nanoTime();
      StoreStatus status = new DynamoDbStoreProbe(client, tables, Duration.ofSeconds(1)).probe();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertFalse(status.ready());
      Map<String, String> details = status.details();
      assertTrue(
          details.get(tables.name(DynamoDbTables.POSTS)).startsWith("DynamoDB cannot be reached"),
          details.toString());
      assertEquals(
          DynamoDbStoreProbe.NOT_CHECKED, details.get(tables.name(DynamoDbTables.CONNECTIONS)));
      assertTrue(took.toMillis() < 3000, "the probe took " + took.toMillis() + " ms");
    }
  }
}
