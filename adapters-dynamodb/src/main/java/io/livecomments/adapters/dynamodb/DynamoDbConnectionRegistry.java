package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
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
import java.util.stream.Stream;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
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
          .build();

  static final String CONNECTION = "connection";
  static final String EVERY_POST = "*";
  private static final String AUDIENCE = "audience#";

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
          Set<String> stale = new HashSet<>();
          items(connection.id()).forEach(item -> stale.add(item.sk));
          List<ConnectionItem> fresh = itemsOf(connection, expiry());
          fresh.forEach(item -> stale.remove(item.sk));
          writeInChunks(connection.id(), fresh, stale);
        });
  }

  @Override
  public Optional<Connection> find(ConnectionId id) {
    return StoreCalls.call(() -> load(id));
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
   * One transaction: the audience items that change, and the connection item rewritten with a new
   * expiry on condition that it still exists, so a concurrent disconnect is never undone.
   */
  private Optional<Connection> change(ConnectionId id, PostId postId, boolean subscribe) {
    return StoreCalls.call(
        () -> {
          Optional<Connection> current = load(id);
          if (current.isEmpty()) {
            return Optional.empty();
          }
          Connection before = current.get();
          Set<PostId> posts = new HashSet<>(before.subscriptions());
          if (subscribe ? !posts.add(postId) : !posts.remove(postId)) {
            touch(id);
            return current;
          }
          Connection after = new Connection(id, posts, before.userId(), before.connectedAt());
          long expiresAt = expiry();
          TransactWriteItemsEnhancedRequest.Builder tx =
              TransactWriteItemsEnhancedRequest.builder();
          if (subscribe) {
            tx.addPutItem(table, audienceItem(id, postId.value(), expiresAt));
          } else {
            tx.addDeleteItem(table, key(id, AUDIENCE + postId.value()));
          }
          if (before.subscriptions().isEmpty()) {
            tx.addDeleteItem(table, key(id, AUDIENCE + EVERY_POST));
          }
          if (after.subscriptions().isEmpty()) {
            tx.addPutItem(table, audienceItem(id, EVERY_POST, expiresAt));
          }
          tx.addPutItem(
              table,
              TransactPutItemEnhancedRequest.builder(ConnectionItem.class)
                  .item(connectionItem(after, expiresAt))
                  .conditionExpression(
                      Expression.builder().expression("attribute_exists(connectionId)").build())
                  .build());
          try {
            client.transactWriteItems(tx.build());
          } catch (TransactionCanceledException e) {
            return load(id); // disconnected or changed meanwhile: report what is there now
          }
          return Optional.of(after);
        });
  }

  @Override
  public void remove(ConnectionId id) {
    StoreCalls.run(
        () -> {
          Set<String> keys = new HashSet<>();
          items(id).forEach(item -> keys.add(item.sk));
          writeInChunks(id, List.of(), keys);
        });
  }

  /**
   * Pushes the connection's expiry a full time-to-live ahead. Rewrites its items at most once per
   * 1/24 of the time-to-live (an hour for 24 h), so a client pinging every minute costs one read a
   * minute.
   */
  @Override
  public void touch(ConnectionId id) {
    StoreCalls.run(
        () -> {
          List<ConnectionItem> items = items(id).toList();
          Optional<ConnectionItem> marker =
              items.stream().filter(i -> CONNECTION.equals(i.sk)).findFirst();
          long now = clock.instant().getEpochSecond();
          if (marker.isEmpty()
              || marker.get().expiresAt <= now
              || marker.get().expiresAt - now
                  > timeToLive.minus(timeToLive.dividedBy(24)).toSeconds()) {
            return;
          }
          toConnection(id, items, now)
              .ifPresent(c -> writeInChunks(id, itemsOf(c, expiry()), Set.of()));
        });
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

  private Optional<Connection> load(ConnectionId id) {
    return toConnection(id, items(id).toList(), clock.instant().getEpochSecond());
  }

  private Stream<ConnectionItem> items(ConnectionId id) {
    return table
        .query(
            r ->
                r.queryConditional(
                        QueryConditional.keyEqualTo(
                            Key.builder().partitionValue(id.value()).build()))
                    .consistentRead(true))
        .items()
        .stream();
  }

  private static Optional<Connection> toConnection(
      ConnectionId id, List<ConnectionItem> items, long now) {
    Optional<ConnectionItem> marker =
        items.stream().filter(i -> CONNECTION.equals(i.sk) && i.expiresAt > now).findFirst();
    return marker.map(
        m -> {
          Set<PostId> posts = new HashSet<>();
          for (ConnectionItem item : items) {
            if (item.audience != null && !EVERY_POST.equals(item.audience)) {
              posts.add(new PostId(item.audience));
            }
          }
          return new Connection(
              id, posts, Optional.ofNullable(m.userId).map(UserId::new), m.connectedAt);
        });
  }

  /**
   * Writes audience items before the connection item, each chunk one transaction. A connection is
   * thus only found once its audience is in place; a failure part-way leaves at worst audience
   * items whose pushes answer 410 and remove them.
   */
  private void writeInChunks(ConnectionId id, List<ConnectionItem> puts, Set<String> deletes) {
    List<Consumer<TransactWriteItemsEnhancedRequest.Builder>> writes = new ArrayList<>();
    deletes.forEach(sk -> writes.add(tx -> tx.addDeleteItem(table, key(id, sk))));
    Stream.concat(
            puts.stream().filter(i -> !CONNECTION.equals(i.sk)),
            puts.stream().filter(i -> CONNECTION.equals(i.sk)))
        .forEach(item -> writes.add(tx -> tx.addPutItem(table, item)));
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

  private List<ConnectionItem> itemsOf(Connection connection, long expiresAt) {
    List<ConnectionItem> items = new ArrayList<>();
    if (connection.subscriptions().isEmpty()) {
      items.add(audienceItem(connection.id(), EVERY_POST, expiresAt));
    }
    connection
        .subscriptions()
        .forEach(post -> items.add(audienceItem(connection.id(), post.value(), expiresAt)));
    items.add(connectionItem(connection, expiresAt));
    return items;
  }

  private static ConnectionItem connectionItem(Connection connection, long expiresAt) {
    ConnectionItem item = new ConnectionItem();
    item.connectionId = connection.id().value();
    item.sk = CONNECTION;
    item.userId = connection.userId().map(UserId::value).orElse(null);
    item.connectedAt = connection.connectedAt();
    item.expiresAt = expiresAt;
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
