package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.StoreProbe;
import io.livecomments.application.port.out.StoreStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Readiness on DynamoDB: one {@code DescribeTable} per table, which DynamoDB does not bill and
 * which needs only the permission the start-up check already has. A table serves while it is {@code
 * ACTIVE} or {@code UPDATING}; a missing one, or one being created or deleted, does not.
 *
 * <p>Each call gives up after {@code timeout}, retries included, so that a probe reports an
 * unreachable DynamoDB within seconds. Once DynamoDB cannot be reached, the remaining tables are
 * not asked: their answer would be the same, each after its own timeout.
 */
public final class DynamoDbStoreProbe implements StoreProbe {

  /** Short enough for a load balancer to see DOWN within 5 s of DynamoDB going away. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  static final String MISSING = "missing";
  static final String NOT_CHECKED = "not checked: an earlier table's check failed";

  private final DynamoDbClient client;
  private final DynamoDbTables tables;
  private final Duration timeout;

  public DynamoDbStoreProbe(DynamoDbClient client, DynamoDbTables tables, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.tables = Objects.requireNonNull(tables, "tables");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public StoreStatus probe() {
    Map<String, String> details = new LinkedHashMap<>();
    boolean ready = true;
    boolean unreachable = false;
    for (String table : tables.names()) {
      if (unreachable) {
        details.put(table, NOT_CHECKED);
        continue;
      }
      try {
        TableStatus status = describe(table);
        details.put(table, String.valueOf(status));
        ready &= status == TableStatus.ACTIVE || status == TableStatus.UPDATING;
      } catch (ResourceNotFoundException e) {
        details.put(table, MISSING);
        ready = false;
      } catch (RuntimeException e) {
        details.put(table, StoreCalls.unavailableOr(e).getMessage());
        ready = false;
        // Whatever failed (no answer, a 5xx, throttling), asking the next table would likely fail
        // the same way and only make the probe later: a DOWN should show within seconds.
        unreachable = true;
      }
    }
    return new StoreStatus(ready, details);
  }

  private TableStatus describe(String table) {
    return client
        .describeTable(
            r -> r.tableName(table).overrideConfiguration(c -> c.apiCallTimeout(timeout)))
        .table()
        .tableStatus();
  }
}
