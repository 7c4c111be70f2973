package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.ConnectionItems.CONNECTION;
import static io.livecomments.adapters.dynamodb.ConnectionItems.EVERY_POST;
import static io.livecomments.adapters.dynamodb.ConnectionItems.key;

import io.livecomments.adapters.dynamodb.ConnectionItems.ConnectionItem;
import io.livecomments.adapters.dynamodb.ConnectionItems.Snapshot;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Connections table, keyed by ({@code connectionId}, {@code sk}), with the items of {@link
 * ConnectionItems}: a connection item plus its audience items, which the global index {@code
 * byAudience} turns into the fan-out query. A post's audience is two index queries, never a scan.
 *
 * <p>Every item expires 24 h ahead, pushed forward by activity; reads skip expired items, since
 * DynamoDB may delete them up to days late. A connection that missed its {@code $disconnect} thus
 * stops being pushed to on its own.
 */
public final class DynamoDbConnectionRegistry implements ConnectionRegistry {

  /**
   * How often a subscription change is tried again when another change got in first: 10 attempts, a
   * few milliseconds apart, then 503.
   */
  public static final RetryPolicy DEFAULT_CHANGE_RETRIES =
      new RetryPolicy(10, Duration.ofMillis(2), Duration.ofMillis(50));

  /** How old a connection count may be before {@link #count()} scans the table again. */
  public static final Duration DEFAULT_COUNT_INTERVAL = Duration.ofSeconds(30);

  /** DynamoDB's limit on the items of one transaction. */
  private static final int MAX_TRANSACTION_ITEMS = 100;

  private final DynamoDbEnhancedClient client;
  private final DynamoDbTable<ConnectionItem> table;
  private final Clock clock;
  private final Duration timeToLive;
  private final Duration countInterval;
  private final RetryPolicy changeRetries;
  private final StoreCalls calls;

  /** Held by the one caller that scans; the others wait for its figure instead of scanning too. */
  private final ReentrantLock counting = new ReentrantLock();

  private volatile ConnectionCount lastCount;

  /**
   * With {@link #DEFAULT_COUNT_INTERVAL} and {@link #DEFAULT_CHANGE_RETRIES}.
   *
   * @param timeToLive how long a connection lives without activity (24 h in production)
   */
  public DynamoDbConnectionRegistry(
      DynamoDbEnhancedClient client, DynamoDbTables tables, Clock clock, Duration timeToLive) {
    this(client, tables, clock, timeToLive, DEFAULT_COUNT_INTERVAL, DEFAULT_CHANGE_RETRIES);
  }

  /**
   * @param timeToLive how long a connection lives without activity (24 h in production)
   * @param countInterval how long {@link #count()} hands out its last figure before it scans the
   *     table again; zero counts at every call
   * @param changeRetries how often a subscription change that lost a race with another change to
   *     the same connection is tried again
   */
  public DynamoDbConnectionRegistry(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      Clock clock,
      Duration timeToLive,
      Duration countInterval,
      RetryPolicy changeRetries) {
    this(client, tables, clock, timeToLive, countInterval, changeRetries, StoreMetrics.none());
  }

  /**
   * As above, with {@code metrics} counting the calls that fail because DynamoDB is unavailable.
   */
  public DynamoDbConnectionRegistry(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      Clock clock,
      Duration timeToLive,
      Duration countInterval,
      RetryPolicy changeRetries,
      StoreMetrics metrics) {
    if (countInterval.isNegative()) {
      throw new IllegalArgumentException("countInterval must not be negative: " + countInterval);
    }
    this.client = client;
    this.table = client.table(tables.name(DynamoDbTables.CONNECTIONS), ConnectionItems.SCHEMA);
    this.clock = clock;
    this.timeToLive = timeToLive;
    this.countInterval = countInterval;
    this.changeRetries = changeRetries;
    this.calls = new StoreCalls(metrics);
  }

  @Override
  public void register(Connection connection) {
    calls.run(
        Operation.CONNECTIONS_REGISTER,
        () -> {
          Snapshot snapshot = snapshot(connection.id());
          List<ConnectionItem> fresh =
              ConnectionItems.itemsOf(connection, expiry(), snapshot.version() + 1);
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
    return calls.call(Operation.CONNECTIONS_FIND, () -> snapshot(id).connection());
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
    return calls.callRetryingLostRaces(
        subscribe ? Operation.CONNECTIONS_SUBSCRIBE : Operation.CONNECTIONS_UNSUBSCRIBE,
        changeRetries,
        StoreCalls::isLostTransaction,
        "Connection " + id.value() + " keeps changing; try again shortly",
        attempt -> changeOnce(id, postId, subscribe));
  }

  /** One attempt of {@link #change}; a lost race is thrown for the retry policy. */
  private Optional<Connection> changeOnce(ConnectionId id, PostId postId, boolean subscribe) {
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
    Connection after = before.withSubscriptions(posts);
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    Set<String> wanted = new HashSet<>();
    for (ConnectionItem item : ConnectionItems.itemsOf(after, expiry(), snapshot.version() + 1)) {
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
    client.transactWriteItems(tx.build());
    return Optional.of(after);
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
    calls.run(
        Operation.CONNECTIONS_REMOVE,
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
    calls.run(Operation.CONNECTIONS_TOUCH, () -> refresh(snapshot(id)));
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
      ConnectionItem update = ConnectionItems.expiryUpdate(item, expiresAt);
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
  public List<Recipient> audienceOf(PostId postId) {
    Expression live = liveAt(clock.instant().getEpochSecond());
    return calls.call(
        Operation.CONNECTIONS_AUDIENCE,
        () -> {
          Map<ConnectionId, Recipient> recipients = new LinkedHashMap<>();
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
                .map(ConnectionItems::recipientOf)
                .forEach(recipient -> recipients.putIfAbsent(recipient.id(), recipient));
          }
          return List.copyOf(recipients.values());
        });
  }

  /**
   * A scan of the whole table, paid for in read units for every item it reads (audience items
   * included: the filter only trims the answer), and slower the more connections there are. Used by
   * the {@code test} broadcast, which pushes to every connection, and by tests; the comment fan-out
   * uses {@link #audienceOf} instead.
   */
  @Override
  public List<Recipient> all() {
    Expression live = liveConnectionItems(clock.instant());
    return calls.call(
        Operation.CONNECTIONS_ALL,
        () ->
            table
                .scan(
                    r ->
                        r.filterExpression(live)
                            .attributesToProject("connectionId", ConnectionItems.BATCH))
                .items()
                .stream()
                .map(ConnectionItems::recipientOf)
                .toList());
  }

  /**
   * Counting is a scan with the cost of {@link #all()} (without sending the ids back), so the
   * figure is kept for {@code countInterval}: however often operators or health checks ask, the
   * table is scanned at most once per interval, and callers arriving during a scan wait for its
   * figure.
   */
  @Override
  public ConnectionCount count() {
    ConnectionCount last = lastCount;
    if (isCurrent(last)) {
      return last;
    }
    counting.lock();
    try {
      last = lastCount;
      if (isCurrent(last)) {
        return last;
      }
      Instant now = clock.instant();
      Expression live = liveConnectionItems(now);
      int connections =
          calls.call(
              Operation.CONNECTIONS_COUNT,
              () ->
                  table.scan(r -> r.filterExpression(live).select(Select.COUNT)).stream()
                      .map(Page::count)
                      .mapToInt(count -> count == null ? 0 : count)
                      .sum());
      lastCount = new ConnectionCount(connections, now);
      return lastCount;
    } finally {
      counting.unlock();
    }
  }

  private boolean isCurrent(ConnectionCount count) {
    return count != null && clock.instant().isBefore(count.countedAt().plus(countInterval));
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

  /** The connection items (one per connection) that have not expired at {@code now}. */
  private static Expression liveConnectionItems(Instant now) {
    return Expression.builder()
        .expression("sk = :connection AND expiresAt > :now")
        .expressionValues(
            Map.of(
                ":connection",
                AttributeValue.fromS(CONNECTION),
                ":now",
                AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
        .build();
  }

  private static Expression liveAt(long nowSeconds) {
    return Expression.builder()
        .expression("expiresAt > :now")
        .expressionValues(Map.of(":now", AttributeValue.fromN(Long.toString(nowSeconds))))
        .build();
  }
}
