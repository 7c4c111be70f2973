package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Connections table, keyed by ({@code connectionId}, {@code sk}). Each connection is one item
 * {@code sk = "connection"} (user, connect time) plus one audience item per subscribed post, or a
 * single {@code "audience#*"} item when it hears every post. Audience items carry {@code audience}
 * (the postId or {@code *}), which the global index {@code byAudience} turns into the fan-out
 * query: a post's audience is two index queries, never a scan.
 *
 * <p>Every item has {@code expiresAt} (epoch seconds, DynamoDB's TTL attribute), 24 h ahead and
 * pushed forward by activity; reads skip expired items, since DynamoDB may delete them up to days
 * late. A connection that missed its {@code $disconnect} thus stops being pushed to on its own.
 */
public final class DynamoDbConnectionRegistry implements ConnectionRegistry {

  static final class ConnectionItem {
    String connectionId;
    String sk;
    String audience;
    String userId;
    Instant connectedAt;
    Long expiresAt;
    Long version;
  }

  static final StaticTableSchema<ConnectionItem> SCHEMA =
      StaticTableSchema.builder(ConnectionItem.class)
          .newItemSupplier(ConnectionItem::new)
          .addAttribute(
              String.class,
              attribute(
                  "connectionId",
                  i -> i.connectionId,
                  (i, v) -> i.connectionId = v,
                  primaryPartitionKey(),
                  secondarySortKey(DynamoDbTables.CONNECTIONS_BY_AUDIENCE)))
          .addAttribute(
              String.class, attribute("sk", i -> i.sk, (i, v) -> i.sk = v, primarySortKey()))
          .addAttribute(
              String.class,
              attribute(
                  "audience",
                  i -> i.audience,
                  (i, v) -> i.audience = v,
                  secondaryPartitionKey(DynamoDbTables.CONNECTIONS_BY_AUDIENCE)))
          .addAttribute(String.class, attribute("userId", i -> i.userId, (i, v) -> i.userId = v))
          .addAttribute(
              Instant.class,
              attribute("connectedAt", i -> i.connectedAt, (i, v) -> i.connectedAt = v))
          .addAttribute(
              Long.class,
              attribute(DynamoDbTables.TTL_ATTRIBUTE, i -> i.expiresAt, (i, v) -> i.expiresAt = v))
          .addAttribute(Long.class, attribute("version", i -> i.version, (i, v) -> i.version = v))
          .build();

  static final String CONNECTION = "connection";
  static final String EVERY_POST = "*";
  private static final String AUDIENCE = "audience#";

  /** How often a subscription change is tried again when another change got in first. */
  private static final int MAX_CHANGE_ATTEMPTS = 10;

  /** DynamoDB's limit on the items of one transaction. */
  private static final int MAX_TRANSACTION_ITEMS = 100;

  private final DynamoDbEnhancedClient client;
  private final DynamoDbTable<ConnectionItem> table;
  private final Clock clock;
  private final Duration timeToLive;

  /**
   * @param timeToLive how long a connection lives without activity (24 h in production)
   */
  public DynamoDbConnectionRegistry(
      DynamoDbEnhancedClient client, DynamoDbTables tables, Clock clock, Duration timeToLive) {
    this.client = client;
    this.table = client.table(tables.name(DynamoDbTables.CONNECTIONS), SCHEMA);
    this.clock = clock;
    this.timeToLive = timeToLive;
  }

  @Override
  public void register(Connection connection) {
    StoreCalls.run(
        () -> {
          Snapshot snapshot = snapshot(connection.id());
          List<ConnectionItem> fresh = itemsOf(connection, expiry(), snapshot.version() + 1);
          Set<String> stale = snapshot.keys();
          fresh.forEach(item -> stale.remove(item.sk));
          List<Consumer<TransactWriteItemsEnhancedRequest.Builder>> writes = new ArrayList<>();
          stale.forEach(sk -> writes.add(tx -> tx.addDeleteItem(table, key(connection.id(), sk))));
          // The connection item last: a connection is only found once its audience is in place.
          fresh.forEach(item -> writes.add(tx -> tx.addPutItem(table, item)));
          writeInChunks(writes);
        });
  }

  @Override
  public Optional<Connection> find(ConnectionId id) {
    return StoreCalls.call(() -> snapshot(id).connection());
  }

  @Override
  public Optional<Connection> subscribe(ConnectionId id, PostId postId) {
    return change(id, postId, true);
  }

  @Override
  public Optional<Connection> unsubscribe(ConnectionId id, PostId postId) {
    return change(id, postId, false);
  }

  /**
   * One transaction: the audience items that differ from what the connection should have, and the
   * connection item rewritten with the next version, on condition that the version read is still
   * there. A concurrent change, or a disconnect, cancels it; the change is then tried again on what
   * is there now, so two changes never overwrite each other and a disconnect is never undone.
   */
  private Optional<Connection> change(ConnectionId id, PostId postId, boolean subscribe) {
    return StoreCalls.call(
        () -> {
          for (int attempt = 1; attempt <= MAX_CHANGE_ATTEMPTS; attempt++) {
            Snapshot snapshot = snapshot(id);
            Optional<Connection> current = snapshot.connection();
            if (current.isEmpty()) {
              return Optional.empty();
            }
            Connection before = current.get();
            Set<PostId> posts = new HashSet<>(before.subscriptions());
            if (subscribe ? !posts.add(postId) : !posts.remove(postId)) {
              refresh(snapshot);
              return current;
            }
            Connection after = new Connection(id, posts, before.userId(), before.connectedAt());
            long expiresAt = expiry();
            TransactWriteItemsEnhancedRequest.Builder tx =
                TransactWriteItemsEnhancedRequest.builder();
            Set<String> wanted = new HashSet<>();
            for (ConnectionItem item : itemsOf(after, expiresAt, snapshot.version() + 1)) {
              wanted.add(item.sk);
              if (CONNECTION.equals(item.sk)) {
                tx.addPutItem(
                    table,
                    TransactPutItemEnhancedRequest.builder(ConnectionItem.class)
                        .item(item)
                        .conditionExpression(sameVersion(snapshot.version()))
                        .build());
              } else if (!snapshot.keys().contains(item.sk)) {
                tx.addPutItem(table, item);
              }
            }
            snapshot.keys().stream()
                .filter(sk -> !wanted.contains(sk))
                .forEach(sk -> tx.addDeleteItem(table, key(id, sk)));
            try {
              client.transactWriteItems(tx.build());
              return Optional.of(after);
            } catch (TransactionCanceledException e) {
              if (!StoreCalls.isContention(e)) {
                throw e;
              }
            }
          }
          throw new StoreUnavailableException(
              "Connection " + id.value() + " keeps changing; try again shortly", null);
        });
  }

  private static Expression sameVersion(long version) {
    if (version == 0) {
      return Expression.builder()
          .expression("attribute_exists(connectionId) AND attribute_not_exists(version)")
          .build();
    }
    return Expression.builder()
        .expression("attribute_exists(connectionId) AND version = :version")
        .expressionValues(Map.of(":version", AttributeValue.fromN(Long.toString(version))))
        .build();
  }

  @Override
  public void remove(ConnectionId id) {
    StoreCalls.run(
        () -> {
          List<Consumer<TransactWriteItemsEnhancedRequest.Builder>> writes = new ArrayList<>();
          snapshot(id).keys().forEach(sk -> writes.add(tx -> tx.addDeleteItem(table, key(id, sk))));
          writeInChunks(writes);
        });
  }

  /**
   * Pushes the connection's expiry a full time-to-live ahead, once its oldest item has used up 1/24
   * of its time-to-live (an hour for 24 h): a client pinging every minute costs one read a minute
   * and one write an hour.
   */
  @Override
  public void touch(ConnectionId id) {
    StoreCalls.run(() -> refresh(snapshot(id)));
  }

  /**
   * Updates only {@code expiresAt}, on condition that each item still exists: a refresh racing a
   * disconnect or an unsubscribe never brings back what they deleted. Best effort: a refresh that
   * loses such a race is skipped, the next activity refreshes again.
   */
  private void refresh(Snapshot snapshot) {
    if (snapshot.connection().isEmpty()) {
      return;
    }
    long now = snapshot.now();
    long oldest = snapshot.items().stream().mapToLong(i -> i.expiresAt).min().orElse(now);
    if (oldest - now > timeToLive.minus(timeToLive.dividedBy(24)).toSeconds()) {
      return;
    }
    long expiresAt = expiry();
    Expression stillThere = Expression.builder().expression("attribute_exists(sk)").build();
    List<Consumer<TransactWriteItemsEnhancedRequest.Builder>> writes = new ArrayList<>();
    for (ConnectionItem item : snapshot.items()) {
      ConnectionItem update = new ConnectionItem();
      update.connectionId = item.connectionId;
      update.sk = item.sk;
      update.expiresAt = expiresAt;
      writes.add(
          tx ->
              tx.addUpdateItem(
                  table,
                  TransactUpdateItemEnhancedRequest.builder(ConnectionItem.class)
                      .item(update)
                      .ignoreNulls(true)
                      .conditionExpression(stillThere)
                      .build()));
    }
    try {
      writeInChunks(writes);
    } catch (TransactionCanceledException e) {
      if (!StoreCalls.isContention(e)) {
        throw e;
      }
    }
  }

  @Override
  public List<ConnectionId> audienceOf(PostId postId) {
    Expression live = liveAt(clock.instant().getEpochSecond());
    return StoreCalls.call(
        () -> {
          Set<String> ids = new LinkedHashSet<>();
          for (String audience : List.of(postId.value(), EVERY_POST)) {
            table
                .index(DynamoDbTables.CONNECTIONS_BY_AUDIENCE)
                .query(
                    r ->
                        r.queryConditional(
                                QueryConditional.keyEqualTo(
                                    Key.builder().partitionValue(audience).build()))
                            .filterExpression(live))
                .stream()
                .flatMap(page -> page.items().stream())
                .forEach(item -> ids.add(item.connectionId));
          }
          return ids.stream().map(ConnectionId::new).toList();
        });
  }

  /** A scan: for operators' counts and tests, never on the push path. */
  @Override
  public List<ConnectionId> all() {
    Expression liveConnections =
        Expression.builder()
            .expression("sk = :connection AND expiresAt > :now")
            .expressionValues(
                Map.of(
                    ":connection",
                    AttributeValue.fromS(CONNECTION),
                    ":now",
                    AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()))))
            .build();
    return StoreCalls.call(
        () ->
            table
                .scan(r -> r.filterExpression(liveConnections).attributesToProject("connectionId"))
                .items()
                .stream()
                .map(item -> new ConnectionId(item.connectionId))
                .toList());
  }

  @Override
  public int count() {
    return all().size();
  }

  /** All items of one connection, read with strong consistency, as of now. */
  private Snapshot snapshot(ConnectionId id) {
    List<ConnectionItem> items =
        table
            .query(
                r ->
                    r.queryConditional(
                            QueryConditional.keyEqualTo(
                                Key.builder().partitionValue(id.value()).build()))
                        .consistentRead(true))
            .items()
            .stream()
            .toList();
    return new Snapshot(id, items, clock.instant().getEpochSecond());
  }

  /** A connection's items as read, and what they mean at {@code now}. */
  private record Snapshot(ConnectionId id, List<ConnectionItem> items, long now) {

    Optional<ConnectionItem> marker() {
      return items.stream().filter(i -> CONNECTION.equals(i.sk)).findFirst();
    }

    long version() {
      return marker().map(m -> m.version == null ? 0L : m.version).orElse(0L);
    }

    Set<String> keys() {
      Set<String> keys = new HashSet<>();
      items.forEach(item -> keys.add(item.sk));
      return keys;
    }

    /** The live connection: its item not expired, with the subscriptions not expired. */
    Optional<Connection> connection() {
      return marker()
          .filter(m -> m.expiresAt > now)
          .map(
              m -> {
                Set<PostId> posts = new HashSet<>();
                for (ConnectionItem item : items) {
                  if (item.audience != null
                      && !EVERY_POST.equals(item.audience)
                      && item.expiresAt > now) {
                    posts.add(new PostId(item.audience));
                  }
                }
                return new Connection(
                    id, posts, Optional.ofNullable(m.userId).map(UserId::new), m.connectedAt);
              });
    }
  }

  /** Each chunk of up to 100 writes is one transaction. */
  private void writeInChunks(List<Consumer<TransactWriteItemsEnhancedRequest.Builder>> writes) {
    for (int from = 0; from < writes.size(); from += MAX_TRANSACTION_ITEMS) {
      TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
      writes
          .subList(from, Math.min(from + MAX_TRANSACTION_ITEMS, writes.size()))
          .forEach(w -> w.accept(tx));
      client.transactWriteItems(tx.build());
    }
  }

  private long expiry() {
    return clock.instant().plus(timeToLive).getEpochSecond();
  }

  /** The audience items, then the connection item. */
  private List<ConnectionItem> itemsOf(Connection connection, long expiresAt, long version) {
    List<ConnectionItem> items = new ArrayList<>();
    if (connection.subscriptions().isEmpty()) {
      items.add(audienceItem(connection.id(), EVERY_POST, expiresAt));
    }
    connection
        .subscriptions()
        .forEach(post -> items.add(audienceItem(connection.id(), post.value(), expiresAt)));
    items.add(connectionItem(connection, expiresAt, version));
    return items;
  }

  private static ConnectionItem connectionItem(
      Connection connection, long expiresAt, long version) {
    ConnectionItem item = new ConnectionItem();
    item.connectionId = connection.id().value();
    item.sk = CONNECTION;
    item.userId = connection.userId().map(UserId::value).orElse(null);
    item.connectedAt = connection.connectedAt();
    item.expiresAt = expiresAt;
    item.version = version;
    return item;
  }

  private static ConnectionItem audienceItem(ConnectionId id, String audience, long expiresAt) {
    ConnectionItem item = new ConnectionItem();
    item.connectionId = id.value();
    item.sk = AUDIENCE + audience;
    item.audience = audience;
    item.expiresAt = expiresAt;
    return item;
  }

  private static Key key(ConnectionId id, String sk) {
    return Key.builder().partitionValue(id.value()).sortValue(sk).build();
  }

  private static Expression liveAt(long nowSeconds) {
    return Expression.builder()
        .expression("expiresAt > :now")
        .expressionValues(Map.of(":now", AttributeValue.fromN(Long.toString(nowSeconds))))
        .build();
  }
}
