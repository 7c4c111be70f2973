package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The items of the connections table and their mapping to and from {@link Connection}: per
 * connection one item {@code sk = "connection"} (user, connect time, version) plus one audience
 * item per subscribed post, or a single {@code "audience#*"} item when it hears every post.
 * Audience items carry {@code audience} (the postId or {@code *}), the partition key of the global
 * index {@code byAudience}. Every item has {@code expiresAt} (epoch seconds, DynamoDB's TTL
 * attribute).
 */
final class ConnectionItems {

  /** Whether the connection takes batch frames; projected into the audience index. */
  static final String BATCH = "batch";

  /** A connection item or an audience item; the unused attributes stay null. */
  static final class ConnectionItem {
    String connectionId;
    String sk;
    String audience;
    String userId;
    Instant connectedAt;
    Long expiresAt;
    Long version;

    /** True on every item of a connection that takes batch frames; absent otherwise. */
    Boolean batch;
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
          .addAttribute(Boolean.class, attribute(BATCH, i -> i.batch, (i, v) -> i.batch = v))
          .build();

  /** The sort key of the connection item. */
  static final String CONNECTION = "connection";

  /** The audience of a connection without subscriptions. */
  static final String EVERY_POST = "*";

  private static final String AUDIENCE = "audience#";

  private ConnectionItems() {}

  static Key key(ConnectionId id, String sk) {
    return Key.builder().partitionValue(id.value()).sortValue(sk).build();
  }

  static ConnectionId idOf(ConnectionItem item) {
    return new ConnectionId(item.connectionId);
  }

  static Recipient recipientOf(ConnectionItem item) {
    return new Recipient(idOf(item), Boolean.TRUE.equals(item.batch));
  }

  /** The audience items, then the connection item. */
  static List<ConnectionItem> itemsOf(Connection connection, long expiresAt, long version) {
    List<ConnectionItem> items = new ArrayList<>();
    if (connection.subscriptions().isEmpty()) {
      items.add(audienceItem(connection, EVERY_POST, expiresAt));
    }
    connection
        .subscriptions()
        .forEach(post -> items.add(audienceItem(connection, post.value(), expiresAt)));
    items.add(connectionItem(connection, expiresAt, version));
    return items;
  }

  /** An update of the item's {@code expiresAt} alone: the key and the new expiry, nothing else. */
  static ConnectionItem expiryUpdate(ConnectionItem item, long expiresAt) {
    ConnectionItem update = new ConnectionItem();
    update.connectionId = item.connectionId;
    update.sk = item.sk;
    update.expiresAt = expiresAt;
    return update;
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
    item.batch = batchOf(connection);
    return item;
  }

  private static ConnectionItem audienceItem(
      Connection connection, String audience, long expiresAt) {
    ConnectionItem item = new ConnectionItem();
    item.connectionId = connection.id().value();
    item.sk = AUDIENCE + audience;
    item.audience = audience;
    item.expiresAt = expiresAt;
    item.batch = batchOf(connection);
    return item;
  }

  /** Only batching connections carry the attribute, so the others' items stay as they were. */
  private static Boolean batchOf(Connection connection) {
    return connection.batch() ? Boolean.TRUE : null;
  }

  /** A connection's items as read, and what they mean at {@code now} (epoch seconds). */
  record Snapshot(ConnectionId id, List<ConnectionItem> items, long now) {

    Optional<ConnectionItem> marker() {
      return items.stream().filter(i -> CONNECTION.equals(i.sk)).findFirst();
    }

    /** The connection item's version; 0 when there is none, or it predates versions. */
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
                    id,
                    posts,
                    Optional.ofNullable(m.userId).map(UserId::new),
                    m.connectedAt,
                    Boolean.TRUE.equals(m.batch));
              });
    }
  }
}
