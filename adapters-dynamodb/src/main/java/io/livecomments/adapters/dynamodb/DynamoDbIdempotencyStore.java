package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import io.livecomments.application.port.out.IdempotencyRecord;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency table, keyed by ({@code userId}, {@code idempotencyKey}). A claim is a conditional
 * {@code PutItem} that succeeds only if no live record holds the key, so of any number of racing
 * requests exactly one wins. {@code expiresAt} (epoch seconds) lets DynamoDB's TTL delete records
 * after 24 h; since TTL deletes late, reads compare {@code expiresAtMillis} with the clock instead.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

  static final class IdempotencyItem {
    String userId;
    String idempotencyKey;
    String postId;
    String commentId;
    Long expiresAtMillis;
    Long expiresAt;
  }

  static final StaticTableSchema<IdempotencyItem> SCHEMA =
      StaticTableSchema.builder(IdempotencyItem.class)
          .newItemSupplier(IdempotencyItem::new)
          .addAttribute(
              String.class,
              attribute("userId", i -> i.userId, (i, v) -> i.userId = v, primaryPartitionKey()))
          .addAttribute(
              String.class,
              attribute(
                  "idempotencyKey",
                  i -> i.idempotencyKey,
                  (i, v) -> i.idempotencyKey = v,
                  primarySortKey()))
          .addAttribute(String.class, attribute("postId", i -> i.postId, (i, v) -> i.postId = v))
          .addAttribute(
              String.class, attribute("commentId", i -> i.commentId, (i, v) -> i.commentId = v))
          .addAttribute(
              Long.class,
              attribute("expiresAtMillis", i -> i.expiresAtMillis, (i, v) -> i.expiresAtMillis = v))
          .addAttribute(
              Long.class,
              attribute(DynamoDbTables.TTL_ATTRIBUTE, i -> i.expiresAt, (i, v) -> i.expiresAt = v))
          .build();

  /**
   * A claim that keeps meeting records which vanish before they can be read (released or expired in
   * between) is given up after 5 attempts, a few milliseconds apart.
   */
  public static final RetryPolicy DEFAULT_CLAIM_RETRIES =
      new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10));

  private final DynamoDbTable<IdempotencyItem> table;
  private final RetryPolicy claimRetries;
  private final StoreCalls calls;

  public DynamoDbIdempotencyStore(DynamoDbEnhancedClient client, DynamoDbTables tables) {
    this(client, tables, DEFAULT_CLAIM_RETRIES);
  }

  /**
   * @param claimRetries how often a claim is tried again when the record that refused it is gone by
   *     the time it is read
   */
  public DynamoDbIdempotencyStore(
      DynamoDbEnhancedClient client, DynamoDbTables tables, RetryPolicy claimRetries) {
    this(client, tables, claimRetries, StoreMetrics.none());
  }

  /**
   * @param claimRetries as above
   * @param metrics counts the calls that fail because DynamoDB is unavailable
   */
  public DynamoDbIdempotencyStore(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      RetryPolicy claimRetries,
      StoreMetrics metrics) {
    this.table = client.table(tables.name(DynamoDbTables.IDEMPOTENCY), SCHEMA);
    this.claimRetries = claimRetries;
    this.calls = new StoreCalls(metrics);
  }

  @Override
  public Optional<IdempotencyRecord> find(UserId userId, IdempotencyKey key, Instant now) {
    return calls
        .call(Operation.IDEMPOTENCY_FIND, () -> read(userId, key))
        .filter(record -> record.isLiveAt(now));
  }

  private Optional<IdempotencyRecord> read(UserId userId, IdempotencyKey key) {
    IdempotencyItem item =
        table.getItem(
            r ->
                r.key(Key.builder().partitionValue(userId.value()).sortValue(key.value()).build())
                    .consistentRead(true));
    return Optional.ofNullable(item).map(DynamoDbIdempotencyStore::toRecord);
  }

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord record, Instant now) {
    Expression freeOrExpired =
        Expression.builder()
            .expression("attribute_not_exists(userId) OR expiresAtMillis <= :now")
            .expressionValues(
                Map.of(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
            .build();
    IdempotencyItem item = toItem(record);
    return calls.callRetryingLostRaces(
        Operation.IDEMPOTENCY_CLAIM,
        claimRetries,
        ConditionalCheckFailedException.class::isInstance,
        "The idempotency key " + record.key().value() + " keeps changing hands",
        attempt -> {
          try {
            table.putItem(r -> r.item(item).conditionExpression(freeOrExpired));
            return Optional.empty();
          } catch (ConditionalCheckFailedException e) {
            Optional<IdempotencyRecord> holder =
                read(record.userId(), record.key()).filter(r -> r.isLiveAt(now));
            if (holder.isPresent() && holder.get().commentId().equals(record.commentId())) {
              // Our own write, retried by the SDK after its answer was lost: it is ours.
              return Optional.empty();
            }
            if (holder.isPresent()) {
              return holder;
            }
            // Released or expired between our write and our read: try again.
            throw e;
          }
        });
  }

  @Override
  public void release(IdempotencyRecord record) {
    Expression stillOurs =
        Expression.builder()
            .expression("commentId = :commentId")
            .expressionValues(
                Map.of(":commentId", AttributeValue.fromS(record.commentId().value())))
            .build();
    calls.run(
        Operation.IDEMPOTENCY_RELEASE,
        () -> {
          try {
            table.deleteItem(
                r ->
                    r.key(
                            Key.builder()
                                .partitionValue(record.userId().value())
                                .sortValue(record.key().value())
                                .build())
                        .conditionExpression(stillOurs));
          } catch (ConditionalCheckFailedException e) {
            // A newer claim holds the key; it is not ours to release.
          }
        });
  }

  private static IdempotencyItem toItem(IdempotencyRecord record) {
    IdempotencyItem item = new IdempotencyItem();
    item.userId = record.userId().value();
    item.idempotencyKey = record.key().value();
    item.postId = record.postId().value();
    item.commentId = record.commentId().value();
    item.expiresAtMillis = record.expiresAt().toEpochMilli();
    item.expiresAt = record.expiresAt().getEpochSecond();
    return item;
  }

  private static IdempotencyRecord toRecord(IdempotencyItem item) {
    return new IdempotencyRecord(
        new UserId(item.userId),
        new IdempotencyKey(item.idempotencyKey),
        new PostId(item.postId),
        new CommentId(item.commentId),
        Instant.ofEpochMilli(item.expiresAtMillis));
  }
}
