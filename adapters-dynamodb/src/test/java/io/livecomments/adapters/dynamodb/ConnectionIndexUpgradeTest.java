package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * A data dir from before batch frames has a connections table whose {@code byAudience} index does
 * not project {@code batch}; starting with table creation on must replace that index, or batching
 * clients would silently get one message per frame.
 */
class ConnectionIndexUpgradeTest {

  @Test
  void createMissingReplacesAnAudienceIndexThatLacksTheBatchFlag() {
    DynamoDbClient client = EmbeddedDynamoDb.localClient(LocalDynamoDb.endpoint());
    DynamoDbTables tables = new DynamoDbTables("upgrade-" + UUID.randomUUID() + "-");
    for (DynamoDbTables.TableDefinition table : tables.tables()) {
      client.createTable(oldShape(table.createRequest()));
    }

    tables.createMissing(client);

    List<String> projected =
        client
            .describeTable(r -> r.tableName(tables.name(DynamoDbTables.CONNECTIONS)))
            .table()
            .globalSecondaryIndexes()
            .get(0)
            .projection()
            .nonKeyAttributes();
    assertTrue(projected.contains(ConnectionItems.BATCH), projected.toString());

    DynamoDbConnectionRegistry registry =
        new DynamoDbConnectionRegistry(
            DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(),
            tables,
            Clock.systemUTC(),
            Duration.ofHours(1),
            Duration.ZERO,
            DynamoDbConnectionRegistry.DEFAULT_CHANGE_RETRIES);
    PostId post = PostId.of(UUID.randomUUID());
    ConnectionId id = new ConnectionId("upgraded=");
    registry.register(new Connection(id, Set.of(post), Optional.empty(), Instant.now(), true));
    assertEquals(List.of(new Recipient(id, true)), registry.audienceOf(post));
  }

  /** The table as the code before batch frames created it: the index projects expiresAt only. */
  private static CreateTableRequest oldShape(CreateTableRequest current) {
    if (current.globalSecondaryIndexes().isEmpty()) {
      return current;
    }
    GlobalSecondaryIndex index = current.globalSecondaryIndexes().get(0);
    return current.toBuilder()
        .globalSecondaryIndexes(
            index.toBuilder()
                .projection(
                    Projection.builder()
                        .projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes(DynamoDbTables.TTL_ATTRIBUTE)
                        .build())
                .build())
        .build();
  }
}
