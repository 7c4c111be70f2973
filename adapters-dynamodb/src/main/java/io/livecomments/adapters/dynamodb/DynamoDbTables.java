package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The five tables, named {@code <prefix>posts}, {@code <prefix>comments}, {@code <prefix>changes},
 * {@code <prefix>idempotency} and {@code <prefix>connections}, and how to create them.
 * docs/dynamodb.md explains each key and index by the access pattern it serves.
 *
 * <p>{@link #tables()} is the one definition of the tables: the store creates them from it, and the
 * infrastructure module's CDK stack generates its CloudFormation tables from it, so that the
 * deployed tables and the code cannot disagree. Reading it needs no AWS client or credentials.
 */
public final class DynamoDbTables {

  static final String POSTS = "posts";
  static final String COMMENTS = "comments";
  static final String CHANGES = "changes";
  static final String IDEMPOTENCY = "idempotency";
  static final String CONNECTIONS = "connections";

  /** LSI of comments: (postId, commentId), read with strong consistency. */
  static final String COMMENTS_BY_ID = "byCommentId";

  /** GSI of connections: (audience, connectionId), audience being a postId or "*". */
  static final String CONNECTIONS_BY_AUDIENCE = "byAudience";

  /** The attribute DynamoDB's TTL deletes by, in epoch seconds. */
  static final String TTL_ATTRIBUTE = "expiresAt";

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);

  /** How long an index replacement may take before the start gives up on it. */
  private static final Duration INDEX_PATIENCE = Duration.ofSeconds(30);

  private final String prefix;

  /**
   * One table as the code uses it: the {@code CreateTable} request (name, keys, indexes, billing)
   * and the attribute DynamoDB's TTL deletes by, which {@code CreateTable} cannot carry.
   *
   * @param baseName the table's name without the prefix: {@code posts}, {@code comments}, …
   */
  public record TableDefinition(
      String baseName, CreateTableRequest createRequest, Optional<String> timeToLiveAttribute) {
    public TableDefinition {
      Objects.requireNonNull(baseName, "baseName");
      Objects.requireNonNull(createRequest, "createRequest");
      Objects.requireNonNull(timeToLiveAttribute, "timeToLiveAttribute");
    }

    public String tableName() {
      return createRequest.tableName();
    }
  }

  public DynamoDbTables(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  public String name(String table) {
    return prefix + table;
  }

  /** Every table name, in creation order. */
  public List<String> names() {
    return definitions().stream().map(CreateTableRequest::tableName).toList();
  }

  /**
   * Makes the tables ready at start: creates the missing ones ({@code create}) or checks they all
   * exist. Returns false, and logs why, when DynamoDB cannot be reached or is failing right now, so
   * that the caller can try again later rather than fail the start.
   *
   * @throws IllegalStateException if tables are missing and {@code create} is false
   */
  public boolean prepare(DynamoDbClient client, boolean create) {
    try {
      if (create) {
        createMissing(client);
      } else {
        requireExisting(client);
      }
      LOG.info("DynamoDB tables ready: {}", names());
      return true;
    } catch (RuntimeException e) {
      RuntimeException mapped = StoreCalls.unavailableOr(e);
      if (mapped instanceof StoreUnavailableException) {
        LOG.warn("DynamoDB tables {} not ready yet: {}", names(), mapped.getMessage());
        return false;
      }
      throw e;
    }
  }

  /**
   * Creates the tables that do not exist yet, with their keys, indexes and TTL, and waits until
   * they are active. Existing tables are kept as they are (their TTL is switched on if it is off).
   * Safe to run from several instances at once.
   */
  public void createMissing(DynamoDbClient client) {
    for (TableDefinition definition : tables()) {
      String table = definition.tableName();
      if (!exists(client, table)) {
        try {
          client.createTable(definition.createRequest());
          LOG.info("Created DynamoDB table {}", table);
        } catch (ResourceInUseException e) {
          LOG.info("DynamoDB table {} is being created by someone else", table);
        }
      }
      client.waiter().waitUntilTableExists(r -> r.tableName(table));
      upgradeIndexes(client, definition);
      definition.timeToLiveAttribute().ifPresent(ttl -> enableTtl(client, table, ttl));
    }
  }

  /**
   * Replaces a global index whose projection lacks attributes the code now reads from it (the
   * connections' {@code byAudience} index gained {@code batch}): an embedded store keeps its tables
   * in {@code ./data} across upgrades, and DynamoDB cannot change a projection in place. While the
   * index is rebuilt, fan-outs fail and clients catch up; this only happens once per data dir.
   */
  private static void upgradeIndexes(DynamoDbClient client, TableDefinition definition) {
    String table = definition.tableName();
    for (GlobalSecondaryIndex wanted : definition.createRequest().globalSecondaryIndexes()) {
      Optional<GlobalSecondaryIndexDescription> existing = index(client, table, wanted.indexName());
      if (existing.isPresent() && covers(existing.get().projection(), wanted.projection())) {
        continue;
      }
      LOG.warn(
          "DynamoDB index {} of {} lacks attributes {}; replacing it",
          wanted.indexName(),
          table,
          wanted.projection().nonKeyAttributes());
      if (existing.isPresent()) {
        client.updateTable(
            r ->
                r.tableName(table)
                    .globalSecondaryIndexUpdates(
                        u -> u.delete(d -> d.indexName(wanted.indexName()))));
        if (!awaitIndex(client, table, wanted.indexName(), false)
            && definition.baseName().equals(CONNECTIONS)) {
          recreate(client, definition);
          return;
        }
      }
      List<AttributeDefinition> keys =
          definition.createRequest().attributeDefinitions().stream()
              .filter(
                  a ->
                      wanted.keySchema().stream()
                          .anyMatch(k -> k.attributeName().equals(a.attributeName())))
              .toList();
      client.updateTable(
          r ->
              r.tableName(table)
                  .attributeDefinitions(keys)
                  .globalSecondaryIndexUpdates(
                      u ->
                          u.create(
                              c ->
                                  c.indexName(wanted.indexName())
                                      .keySchema(wanted.keySchema())
                                      .projection(wanted.projection()))));
      if (!awaitIndex(client, table, wanted.indexName(), true)) {
        throw new IllegalStateException(
            "Index " + wanted.indexName() + " of " + table + " is not active yet; start again");
      }
      LOG.info("Replaced DynamoDB index {} of {}", wanted.indexName(), table);
    }
  }

  private static boolean covers(Projection actual, Projection wanted) {
    if (actual.projectionType() == ProjectionType.ALL) {
      return true;
    }
    return actual.projectionType() == wanted.projectionType()
        && actual.nonKeyAttributes().containsAll(wanted.nonKeyAttributes());
  }

  private static Optional<GlobalSecondaryIndexDescription> index(
      DynamoDbClient client, String table, String index) {
    return client.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
        .filter(i -> i.indexName().equals(index))
        .findFirst();
  }

  /**
   * DynamoDB Local sometimes leaves a deleted index DELETING for good (seen in 2 of 5 runs). The
   * connections table holds nothing but the registrations of live WebSocket connections (an
   * embedded store's are all dead after a restart anyway), so it is dropped and created afresh
   * rather than the start hanging; on AWS a live connection so dropped gets no more pushes until
   * its client reconnects.
   */
  private static void recreate(DynamoDbClient client, TableDefinition definition) {
    String table = definition.tableName();
    LOG.warn(
        "DynamoDB index of {} did not finish deleting; dropping and creating the table (the"
            + " connections registered in it are forgotten; clients reconnect)",
        table);
    client.deleteTable(r -> r.tableName(table));
    client.waiter().waitUntilTableNotExists(r -> r.tableName(table));
    client.createTable(definition.createRequest());
    client.waiter().waitUntilTableExists(r -> r.tableName(table));
  }

  /**
   * Polls, since the SDK has no waiter for indexes; DynamoDB Local answers in a second or two, AWS
   * in minutes for a large table. False if it had not settled after {@code INDEX_PATIENCE}.
   */
  private static boolean awaitIndex(
      DynamoDbClient client, String table, String name, boolean active) {
    long deadline = System.nanoTime() + INDEX_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<GlobalSecondaryIndexDescription> index = index(client, table, name);
      if (active
          ? index.filter(i -> i.indexStatus() == IndexStatus.ACTIVE).isPresent()
          : index.isEmpty()) {
        return true;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for index " + name, e);
      }
    }
    return false;
  }

  /**
   * Fails with a message naming the missing tables and the setting that creates them.
   *
   * @throws IllegalStateException if a table is missing
   */
  public void requireExisting(DynamoDbClient client) {
    List<String> missing = names().stream().filter(t -> !exists(client, t)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "DynamoDB tables "
              + missing
              + " do not exist; create them (docs/dynamodb.md) or start once with"
              + " livecomments.dynamodb.create-tables=true");
    }
  }

  private static boolean exists(DynamoDbClient client, String table) {
    try {
      client.describeTable(r -> r.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private static void enableTtl(DynamoDbClient client, String table, String attribute) {
    TimeToLiveDescription ttl = describeTtl(client, table);
    if (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING) {
      if (!attribute.equals(ttl.attributeName())) {
        throw new IllegalStateException(
            "Table " + table + " has TTL on " + ttl.attributeName() + ", not on " + attribute);
      }
      return;
    }
    try {
      client.updateTimeToLive(
          r ->
              r.tableName(table)
                  .timeToLiveSpecification(s -> s.enabled(true).attributeName(attribute)));
      LOG.info("Enabled TTL on {} (attribute {})", table, attribute);
    } catch (DynamoDbException e) {
      // Another instance starting at the same time may have just enabled it.
      if (!attribute.equals(describeTtl(client, table).attributeName())) {
        throw e;
      }
    }
  }

  private static TimeToLiveDescription describeTtl(DynamoDbClient client, String table) {
    return client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
  }

  /**
   * The tables as {@code CreateTable} requests: keys, indexes, on-demand billing (TTL is set
   * apart).
   */
  public List<CreateTableRequest> definitions() {
    return tables().stream().map(TableDefinition::createRequest).toList();
  }

  /** Every table with its keys, indexes, on-demand billing and TTL attribute, in creation order. */
  public List<TableDefinition> tables() {
    return List.of(
        new TableDefinition(
            POSTS,
            table(POSTS, List.of(string("postId")), key("postId", KeyType.HASH)).build(),
            Optional.empty()),
        new TableDefinition(
            COMMENTS,
            table(
                    COMMENTS,
                    List.of(string("postId"), number("seq"), string("commentId")),
                    key("postId", KeyType.HASH),
                    key("seq", KeyType.RANGE))
                .localSecondaryIndexes(
                    LocalSecondaryIndex.builder()
                        .indexName(COMMENTS_BY_ID)
                        .keySchema(key("postId", KeyType.HASH), key("commentId", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build())
                .build(),
            Optional.empty()),
        new TableDefinition(
            CHANGES,
            table(
                    CHANGES,
                    List.of(string("postId"), number("rev")),
                    key("postId", KeyType.HASH),
                    key("rev", KeyType.RANGE))
                .build(),
            Optional.of(TTL_ATTRIBUTE)),
        new TableDefinition(
            IDEMPOTENCY,
            table(
                    IDEMPOTENCY,
                    List.of(string("userId"), string("idempotencyKey")),
                    key("userId", KeyType.HASH),
                    key("idempotencyKey", KeyType.RANGE))
                .build(),
            Optional.of(TTL_ATTRIBUTE)),
        new TableDefinition(
            CONNECTIONS,
            table(
                    CONNECTIONS,
                    List.of(string("connectionId"), string("sk"), string("audience")),
                    key("connectionId", KeyType.HASH),
                    key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(CONNECTIONS_BY_AUDIENCE)
                        .keySchema(
                            key("audience", KeyType.HASH), key("connectionId", KeyType.RANGE))
                        .projection(
                            Projection.builder()
                                .projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(TTL_ATTRIBUTE, ConnectionItems.BATCH)
                                .build())
                        .build())
                .build(),
            Optional.of(TTL_ATTRIBUTE)));
  }

  private CreateTableRequest.Builder table(
      String table, List<AttributeDefinition> attributes, KeySchemaElement... keys) {
    return CreateTableRequest.builder()
        .tableName(name(table))
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attributes)
        .keySchema(keys);
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static AttributeDefinition number(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.N)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
