package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.CommentItems.COUNTER;
import static io.livecomments.adapters.dynamodb.CommentItems.key;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.livecomments.adapters.dynamodb.CommentItems.CommentItem;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.StoreOutcomeUnknownException;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Comments table, keyed by ({@code postId}, {@code seq}) so that a page is one {@code Query} in
 * either direction ({@link CommentItems} holds the items). An append moves the post's counter from
 * n to n + 1 and puts comment n + 1 in one {@code TransactWriteItems}, conditional on the counter
 * still being n. Racing writers, in this process or any other, cannot both win; the loser re-reads
 * the counter and tries again under its {@link RetryPolicy}, so seqs are gapless and unique and a
 * failed append leaves nothing behind. Within one process, appends to one post wait for each other
 * (on one of 1,024 lock stripes) rather than collide, and the counter value this process wrote last
 * is remembered, so an uncontended append is one transaction with no read before it (a stale value
 * only costs a failed condition and a re-read). The local index {@code byCommentId} (postId,
 * commentId) finds a comment by id with a strongly consistent read.
 */
public final class DynamoDbCommentStore implements CommentStore {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCommentStore.class);

  /**
   * Enough to outlast a burst of cross-instance contention on one post (50 attempts, jittered
   * backoff from 4 ms doubling up to 100 ms: a few seconds in all), then 503.
   */
  public static final RetryPolicy DEFAULT_APPEND_RETRIES =
      new RetryPolicy(50, Duration.ofMillis(4), Duration.ofMillis(100));

  /**
   * How long an append waits for the appends queued before it on the same lock (one post, or posts
   * sharing one of the lock stripes) before it gives up with a 503 rather than hold a request
   * thread.
   */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  /** Posts whose last counter value is remembered; beyond them the least recent are forgotten. */
  private static final int REMEMBERED_COUNTERS = 10_000;

  /**
   * A remembered counter value is dropped after a quiet minute: by then another instance may well
   * have moved the counter, and a stale value costs a failed transaction, more than the read.
   */
  private static final Duration COUNTER_REMEMBERED_FOR = Duration.ofMinutes(1);

  private static final Expression NEW_ITEM =
      Expression.builder().expression("attribute_not_exists(seq)").build();

  private final DynamoDbEnhancedClient client;
  private final DynamoDbTable<CommentItem> table;
  private final RetryPolicy appendRetries;
  private final StoreCalls calls;
  private final ReentrantLock[] postLocks = new ReentrantLock[1024];
  private final Cache<PostId, Long> lastSeqs =
      Caffeine.newBuilder()
          // Evictions run on the calling thread: no work queued on the small common pool.
          .executor(Runnable::run)
          .maximumSize(REMEMBERED_COUNTERS)
          .expireAfterWrite(COUNTER_REMEMBERED_FOR)
          .build();

  public DynamoDbCommentStore(DynamoDbEnhancedClient client, DynamoDbTables tables) {
    this(client, tables, DEFAULT_APPEND_RETRIES);
  }

  /**
   * @param appendRetries how often, and how patiently, an append that lost the race for the post's
   *     next seq is tried again before it fails with a 503
   */
  public DynamoDbCommentStore(
      DynamoDbEnhancedClient client, DynamoDbTables tables, RetryPolicy appendRetries) {
    this(client, tables, appendRetries, StoreMetrics.none());
  }

  /**
   * @param appendRetries as above
   * @param metrics counts the calls that fail because DynamoDB is unavailable
   */
  public DynamoDbCommentStore(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      RetryPolicy appendRetries,
      StoreMetrics metrics) {
    this.calls = new StoreCalls(metrics);
    this.client = client;
    this.table = client.table(tables.name(DynamoDbTables.COMMENTS), CommentItems.SCHEMA);
    this.appendRetries = appendRetries;
    for (int i = 0; i < postLocks.length; i++) {
      postLocks[i] = new ReentrantLock();
    }
  }

  @Override
  public Comment append(PostId postId, LongFunction<Comment> commentForSeq) {
    ReentrantLock lock = postLocks[Math.floorMod(postId.hashCode(), postLocks.length)];
    try {
      if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw calls.failed(
            Operation.COMMENTS_APPEND,
            new StoreUnavailableException(
                "Too many comments queued for post " + postId.value() + "; try again shortly",
                null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw calls.failed(
          Operation.COMMENTS_APPEND,
          new StoreUnavailableException("Interrupted while waiting to append a comment", e));
    }
    try {
      return calls.callRetryingLostRaces(
          Operation.COMMENTS_APPEND,
          appendRetries,
          StoreCalls::isLostTransaction,
          "Too many concurrent writers on post " + postId.value() + "; try again shortly",
          attempt -> appendOnce(postId, commentForSeq, attempt));
    } finally {
      lock.unlock();
    }
  }

  /** One attempt; a race lost to another writer is thrown for the retry policy to try again. */
  private Comment appendOnce(PostId postId, LongFunction<Comment> commentForSeq, int attempt) {
    Long remembered = lastSeqs.asMap().remove(postId);
    long last = remembered != null ? remembered : lastSeq(postId);
    Comment comment = commentForSeq.apply(last + 1);
    try {
      write(postId, last, comment);
    } catch (TransactionCanceledException e) {
      if (!StoreCalls.isContention(e)) {
        throw e;
      }
      // Lost a race, or an attempt whose answer was lost did commit and its retry found the
      // counter moved on: our comment id tells the two apart.
      Optional<Comment> stored = storedIfKnown(comment);
      if (stored.isPresent()) {
        return remembered(stored.get());
      }
      LOG.debug(
          "Append to post {} lost a race (attempt {}): {}", postId, attempt, StoreCalls.reasons(e));
      throw e;
    } catch (SdkException e) {
      return remembered(storedDespite(comment, e));
    }
    return remembered(comment);
  }

  private Comment remembered(Comment stored) {
    lastSeqs.put(stored.postId(), stored.seq());
    return stored;
  }

  /** The comment as stored under its id, if it is; empty also when that cannot be told now. */
  private Optional<Comment> storedIfKnown(Comment comment) {
    try {
      return findItem(comment.postId(), comment.id()).map(CommentItems::toComment);
    } catch (RuntimeException unknown) {
      return Optional.empty();
    }
  }

  /**
   * After a write that timed out, was refused or failed after the SDK's retries: the transaction
   * may have committed all the same, so look before reporting a failure, or a client retrying with
   * the same idempotency key would get a second comment. When even the look fails, the outcome is
   * unknown, and the failure says so rather than claim that nothing was written.
   */
  private Comment storedDespite(Comment comment, SdkException failure) {
    Optional<Comment> stored;
    try {
      stored = findItem(comment.postId(), comment.id()).map(CommentItems::toComment);
    } catch (RuntimeException lookFailed) {
      failure.addSuppressed(lookFailed);
      throw new StoreOutcomeUnknownException(
          "Appending comment "
              + comment.id().value()
              + " to post "
              + comment.postId().value()
              + " failed ("
              + failure.getMessage()
              + ") and whether it was stored cannot be told now",
          failure);
    }
    return stored.orElseThrow(() -> failure);
  }

  private long lastSeq(PostId postId) {
    return CommentItems.lastSeq(
        table.getItem(r -> r.key(key(postId, COUNTER)).consistentRead(true)));
  }

  private void write(PostId postId, long last, Comment comment) {
    Expression counterUnchanged =
        last == COUNTER
            ? Expression.builder().expression("attribute_not_exists(lastSeq)").build()
            : Expression.builder()
                .expression("lastSeq = :last")
                .expressionValues(Map.of(":last", AttributeValue.fromN(Long.toString(last))))
                .build();
    client.transactWriteItems(
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                table,
                TransactPutItemEnhancedRequest.builder(CommentItem.class)
                    .item(CommentItems.counter(postId, last + 1))
                    .conditionExpression(counterUnchanged)
                    .build())
            .addPutItem(
                table,
                TransactPutItemEnhancedRequest.builder(CommentItem.class)
                    .item(CommentItems.toItem(comment))
                    .conditionExpression(NEW_ITEM)
                    .build())
            .build());
  }

  @Override
  public Optional<Comment> findById(PostId postId, CommentId commentId) {
    return calls
        .call(Operation.COMMENTS_FIND, () -> findItem(postId, commentId))
        .map(CommentItems::toComment);
  }

  private Optional<CommentItem> findItem(PostId postId, CommentId commentId) {
    return table
        .index(DynamoDbTables.COMMENTS_BY_ID)
        .query(
            r ->
                r.queryConditional(
                        QueryConditional.keyEqualTo(
                            Key.builder()
                                .partitionValue(postId.value())
                                .sortValue(commentId.value())
                                .build()))
                    .consistentRead(true)
                    .limit(1))
        .stream()
        .flatMap(page -> page.items().stream())
        .findFirst();
  }

  @Override
  public List<Comment> findPage(PostId postId, SeqRange range, SortOrder order, int max) {
    if (range.after() == Long.MAX_VALUE) {
      return List.of();
    }
    long from = range.after() + 1;
    long to = range.before() - 1;
    if (max < 1 || from > to) {
      return List.of();
    }
    return calls.call(
        Operation.COMMENTS_PAGE,
        () ->
            table
                .query(
                    r ->
                        r.queryConditional(
                                QueryConditional.sortBetween(key(postId, from), key(postId, to)))
                            .scanIndexForward(order == SortOrder.ASC)
                            .consistentRead(true)
                            .limit(Math.min(max, 1000)))
                .items()
                .stream()
                .limit(max)
                .map(CommentItems::toComment)
                .toList());
  }

  @Override
  public void update(Comment comment) {
    try {
      calls.run(
          Operation.COMMENTS_UPDATE,
          () ->
              table.putItem(
                  r ->
                      r.item(CommentItems.toItem(comment))
                          .conditionExpression(sameComment(comment.id()))));
    } catch (ConditionalCheckFailedException e) {
      throw new CommentNotFoundException(comment.postId(), comment.id());
    }
  }

  @Override
  public Optional<Comment> remove(PostId postId, CommentId commentId) {
    return calls.call(
        Operation.COMMENTS_REMOVE,
        () -> {
          Optional<CommentItem> found = findItem(postId, commentId);
          if (found.isEmpty()) {
            return Optional.empty();
          }
          try {
            CommentItem deleted =
                table.deleteItem(
                    r ->
                        r.key(key(postId, found.get().seq))
                            .conditionExpression(sameComment(commentId)));
            return Optional.ofNullable(deleted).map(CommentItems::toComment);
          } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
          }
        });
  }

  /** The item at the key is still this comment: not deleted, nor its seq reused. */
  private static Expression sameComment(CommentId commentId) {
    return Expression.builder()
        .expression("commentId = :id")
        .expressionValues(Map.of(":id", AttributeValue.fromS(commentId.value())))
        .build();
  }
}
