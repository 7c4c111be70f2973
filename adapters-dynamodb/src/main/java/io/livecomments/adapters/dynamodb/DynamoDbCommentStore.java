package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.CommentItems.COUNTER;
import static io.livecomments.adapters.dynamodb.CommentItems.key;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.livecomments.adapters.dynamodb.ChangeItems.ChangeItem;
import io.livecomments.adapters.dynamodb.CommentItems.CommentItem;
import io.livecomments.adapters.dynamodb.CommentItems.Counter;
import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.Deletion;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.StoreOutcomeUnknownException;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Comments table, keyed by ({@code postId}, {@code seq}) so that a page is one {@code Query} in
 * either direction ({@link CommentItems} holds the items), and changes table, keyed by ({@code
 * postId}, {@code rev}) so that the changes after a rev are one {@code Query} too ({@link
 * ChangeItems}).
 *
 * <p>Every change moves the post's counter item from (lastSeq, lastRev) to its next value, writes
 * the comment and puts the change in one {@code TransactWriteItems}, conditional on the counter
 * still holding the values read: an append puts comment lastSeq + 1 (which must not exist), an edit
 * puts the comment over itself (which must still be that comment), a deletion deletes it (same
 * condition). Racing writers, in this process or any other, cannot both win; the loser re-reads the
 * counter and tries again under its {@link RetryPolicy}, so seqs and revs are gapless and unique
 * and a failed change leaves nothing behind. Within one process, changes to one post wait for each
 * other (on one of 1,024 lock stripes) rather than collide, and the counter this process wrote last
 * is remembered, so an uncontended change is one transaction with no read before it (a stale value
 * only costs a failed condition and a re-read). The local index {@code byCommentId} (postId,
 * commentId) finds a comment by id with a strongly consistent read.
 *
 * <p>Changes expire {@code retention} after they were made: DynamoDB's TTL deletes them lazily, so
 * reads treat an item past its {@code expiresAt} as already gone.
 */
public final class DynamoDbCommentStore implements CommentStore {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCommentStore.class);

  /**
   * Enough to outlast a burst of cross-instance contention on one post (50 attempts, jittered
   * backoff from 4 ms doubling up to 100 ms: a few seconds in all), then 503.
   */
  public static final RetryPolicy DEFAULT_APPEND_RETRIES =
      new RetryPolicy(50, Duration.ofMillis(4), Duration.ofMillis(100));

  /** CONTRACT section 6's default for {@code livecomments.changes.retention}. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /**
   * How long a change waits for the changes queued before it on the same lock (one post, or posts
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

  private static final Expression NEW_CHANGE =
      Expression.builder().expression("attribute_not_exists(rev)").build();

  private final DynamoDbEnhancedClient client;
  private final DynamoDbTable<CommentItem> table;
  private final DynamoDbTable<ChangeItem> changes;
  private final RetryPolicy appendRetries;
  private final StoreCalls calls;
  private final Clock clock;
  private final Duration retention;
  private final ReentrantLock[] postLocks = new ReentrantLock[1024];
  private final Cache<PostId, Counter> counters =
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
   * @param appendRetries how often, and how patiently, a change that lost the race for the post's
   *     next rev is tried again before it fails with a 503
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
    this(client, tables, appendRetries, metrics, Clock.systemUTC(), DEFAULT_RETENTION);
  }

  /**
   * @param appendRetries as above
   * @param metrics as above
   * @param clock times each change, and tells when it has outlived {@code retention}
   * @param retention how long the change log keeps a change; must be positive
   */
  public DynamoDbCommentStore(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      RetryPolicy appendRetries,
      StoreMetrics metrics,
      Clock clock,
      Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("The change retention must be positive: " + retention);
    }
    this.calls = new StoreCalls(metrics);
    this.client = client;
    this.table = client.table(tables.name(DynamoDbTables.COMMENTS), CommentItems.SCHEMA);
    this.changes = client.table(tables.name(DynamoDbTables.CHANGES), ChangeItems.SCHEMA);
    this.appendRetries = appendRetries;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = retention;
    for (int i = 0; i < postLocks.length; i++) {
      postLocks[i] = new ReentrantLock();
    }
  }

  @Override
  public Comment append(PostId postId, NewComment newComment) {
    return changing(
        postId, Operation.COMMENTS_APPEND, attempt -> appendOnce(postId, newComment, attempt));
  }

  /**
   * Runs one change to the post under the post's lock stripe, trying again while it loses races to
   * other writers (other instances: this one's wait on the lock).
   */
  private <T> T changing(PostId postId, Operation operation, IntFunction<T> attempt) {
    ReentrantLock lock = postLocks[Math.floorMod(postId.hashCode(), postLocks.length)];
    try {
      if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw calls.failed(
            operation,
            new StoreUnavailableException(
                "Too many changes queued for post " + postId.value() + "; try again shortly",
                null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw calls.failed(
          operation,
          new StoreUnavailableException("Interrupted while waiting to change a comment", e));
    }
    try {
      return calls.callRetryingLostRaces(
          operation,
          appendRetries,
          StoreCalls::isLostTransaction,
          "Too many concurrent writers on post " + postId.value() + "; try again shortly",
          attempt);
    } finally {
      lock.unlock();
    }
  }

  /** One attempt; a race lost to another writer is thrown for the retry policy to try again. */
  private Comment appendOnce(PostId postId, NewComment newComment, int attempt) {
    Counter last = takeCounter(postId);
    Counter next = last.next(true);
    Comment comment = newComment.build(next.lastSeq(), next.lastRev());
    Change change = Change.of(Change.Action.CREATED, comment, clock.instant());
    try {
      write(postId, last, next, put(comment, NEW_ITEM), change);
    } catch (TransactionCanceledException e) {
      if (!StoreCalls.isContention(e)) {
        throw e;
      }
      // Lost a race, or an attempt whose answer was lost did commit and its retry found the
      // counter moved on: our comment id tells the two apart.
      Optional<Comment> stored = storedIfKnown(comment, e);
      if (stored.isPresent()) {
        return stored.get();
      }
      LOG.debug(
          "Append to post {} lost a race (attempt {}): {}", postId, attempt, StoreCalls.reasons(e));
      throw e;
    } catch (SdkException e) {
      return storedDespite(comment, e);
    }
    counters.put(postId, next);
    return comment;
  }

  /** The counter this process wrote last, or else the stored one; forgotten until written again. */
  private Counter takeCounter(PostId postId) {
    Counter remembered = counters.asMap().remove(postId);
    return remembered != null
        ? remembered
        : CommentItems.counter(
            table.getItem(r -> r.key(key(postId, COUNTER)).consistentRead(true)));
  }

  /**
   * The comment as stored under its id, if it is. When that cannot be told now, the race may have
   * been lost to our own earlier attempt, whose answer was lost: trying again could store the
   * comment twice, so the outcome is reported unknown instead.
   */
  private Optional<Comment> storedIfKnown(Comment comment, TransactionCanceledException race) {
    try {
      return findItem(comment.postId(), comment.id()).map(CommentItems::toComment);
    } catch (RuntimeException lookFailed) {
      race.addSuppressed(lookFailed);
      throw unknownOutcome("Appending comment", comment.id(), comment.postId(), race);
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
      throw unknownOutcome("Appending comment", comment.id(), comment.postId(), failure);
    }
    return stored.orElseThrow(() -> failure);
  }

  /**
   * Whether {@code change} is the one the log holds at its rev: an attempt whose answer was lost
   * may have committed, and a change is ours only if it names our comment, action and instant.
   *
   * @throws RuntimeException if the log cannot be read now
   */
  private boolean logged(Change change) {
    ChangeItem item =
        changes.getItem(
            r -> r.key(ChangeItems.key(change.postId(), change.rev())).consistentRead(true));
    return item != null
        && change.commentId().value().equals(item.commentId)
        && change.at().equals(item.at)
        && ChangeItems.toItem(change, retention).action.equals(item.action);
  }

  /**
   * After an edit or deletion that failed in a way that leaves its outcome open (see {@link
   * #storedDespite}), or lost a race, perhaps to its own earlier attempt whose answer was lost:
   * true if it committed all the same, false if it certainly did not. When that cannot be told now,
   * the outcome is unknown: trying again could change the comment twice, or answer 404 for a
   * deletion that was made.
   */
  private boolean loggedDespite(Change change, SdkException failure) {
    try {
      return logged(change);
    } catch (RuntimeException lookFailed) {
      failure.addSuppressed(lookFailed);
      throw unknownOutcome(
          change.action() == Change.Action.DELETED ? "Deleting comment" : "Editing comment",
          change.commentId(),
          change.postId(),
          failure);
    }
  }

  private static StoreOutcomeUnknownException unknownOutcome(
      String what, CommentId commentId, PostId postId, SdkException failure) {
    return new StoreOutcomeUnknownException(
        what
            + " "
            + commentId.value()
            + " of post "
            + postId.value()
            + " failed ("
            + failure.getMessage()
            + ") and whether it was stored cannot be told now",
        failure);
  }

  /**
   * Moves the counter from {@code last} to {@code next}, does the comment's part ({@code
   * commentPart}) and logs the change, in one transaction that fails unless the counter still holds
   * {@code last}.
   */
  /** The comment part of a creation or an edit: the comment's item, put on a condition. */
  private Consumer<TransactWriteItemsEnhancedRequest.Builder> put(
      Comment comment, Expression condition) {
    return b ->
        b.addPutItem(
            table,
            TransactPutItemEnhancedRequest.builder(CommentItem.class)
                .item(CommentItems.toItem(comment))
                .conditionExpression(condition)
                .build());
  }

  private void write(
      PostId postId,
      Counter last,
      Counter next,
      Consumer<TransactWriteItemsEnhancedRequest.Builder> commentPart,
      Change change) {
    TransactWriteItemsEnhancedRequest.Builder request =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                table,
                TransactPutItemEnhancedRequest.builder(CommentItem.class)
                    .item(next.toItem(postId))
                    .conditionExpression(unchanged(last))
                    .build());
    commentPart.accept(request);
    request.addPutItem(
        changes,
        TransactPutItemEnhancedRequest.builder(ChangeItem.class)
            .item(ChangeItems.toItem(change, retention))
            .conditionExpression(NEW_CHANGE)
            .build());
    client.transactWriteItems(request.build());
  }

  /** The counter item still holds what was read: both numbers, or no item at all. */
  private static Expression unchanged(Counter last) {
    if (!last.exists()) {
      return Expression.builder().expression("attribute_not_exists(lastSeq)").build();
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":seq", AttributeValue.fromN(Long.toString(last.lastSeq())));
    if (!last.revStored()) {
      return Expression.builder()
          .expression("lastSeq = :seq AND attribute_not_exists(lastRev)")
          .expressionValues(values)
          .build();
    }
    values.put(":rev", AttributeValue.fromN(Long.toString(last.lastRev())));
    return Expression.builder()
        .expression("lastSeq = :seq AND lastRev = :rev")
        .expressionValues(values)
        .build();
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
  public Comment update(Comment edited) {
    return changing(
        edited.postId(), Operation.COMMENTS_UPDATE, attempt -> updateOnce(edited, attempt));
  }

  private Comment updateOnce(Comment edited, int attempt) {
    PostId postId = edited.postId();
    Counter last = takeCounter(postId);
    Counter next = last.next(false);
    Comment stored = edited.withRev(next.lastRev());
    Change change = Change.of(Change.Action.UPDATED, stored, clock.instant());
    try {
      write(postId, last, next, put(stored, sameComment(edited.id())), change);
    } catch (TransactionCanceledException e) {
      if (!StoreCalls.isContention(e)) {
        throw e;
      }
      if (loggedDespite(change, e)) {
        return stored;
      }
      if (findItem(postId, edited.id()).filter(i -> i.seq == edited.seq()).isEmpty()) {
        throw new CommentNotFoundException(postId, edited.id());
      }
      LOG.debug(
          "Edit on post {} lost a race (attempt {}): {}", postId, attempt, StoreCalls.reasons(e));
      throw e;
    } catch (SdkException e) {
      if (loggedDespite(change, e)) {
        return stored;
      }
      throw e;
    }
    counters.put(postId, next);
    return stored;
  }

  @Override
  public Optional<Deletion> remove(PostId postId, CommentId commentId) {
    return changing(
        postId, Operation.COMMENTS_REMOVE, attempt -> removeOnce(postId, commentId, attempt));
  }

  private Optional<Deletion> removeOnce(PostId postId, CommentId commentId, int attempt) {
    Optional<CommentItem> found = findItem(postId, commentId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Comment current = CommentItems.toComment(found.get());
    Counter last = takeCounter(postId);
    Counter next = last.next(false);
    Change change = Change.deletion(next.lastRev(), current, clock.instant());
    Deletion deletion = new Deletion(current, next.lastRev());
    try {
      write(
          postId,
          last,
          next,
          b ->
              b.addDeleteItem(
                  table,
                  TransactDeleteItemEnhancedRequest.builder()
                      .key(key(postId, current.seq()))
                      .conditionExpression(sameComment(commentId))
                      .build()),
          change);
    } catch (TransactionCanceledException e) {
      if (!StoreCalls.isContention(e)) {
        throw e;
      }
      if (loggedDespite(change, e)) {
        return Optional.of(deletion);
      }
      // The next attempt finds the comment again, or learns that someone else deleted it.
      LOG.debug(
          "Delete on post {} lost a race (attempt {}): {}", postId, attempt, StoreCalls.reasons(e));
      throw e;
    } catch (SdkException e) {
      if (loggedDespite(change, e)) {
        return Optional.of(deletion);
      }
      throw e;
    }
    counters.put(postId, next);
    return Optional.of(deletion);
  }

  @Override
  public long headRev(PostId postId) {
    return calls.call(Operation.COMMENTS_PAGE, () -> readCounter(postId).lastRev());
  }

  private Counter readCounter(PostId postId) {
    return CommentItems.counter(
        table.getItem(r -> r.key(key(postId, COUNTER)).consistentRead(true)));
  }

  @Override
  public ChangesAfter changesAfter(PostId postId, long afterRev, int max) {
    return calls.call(
        Operation.CHANGES_READ,
        () -> {
          long head = readCounter(postId).lastRev();
          if (afterRev >= head || max < 1) {
            return new ChangesAfter.Kept(List.of(), head);
          }
          Instant now = clock.instant();
          List<Change> found = new ArrayList<>(Math.min(max, 1000));
          long expected = afterRev + 1;
          for (ChangeItem item :
              changes
                  .query(
                      r ->
                          r.queryConditional(
                                  QueryConditional.sortGreaterThan(
                                      ChangeItems.key(postId, afterRev)))
                              .consistentRead(true)
                              .limit(Math.min(max, 1000)))
                  .items()) {
            // A change past its expiry, or missing (written before the log existed), ends the run:
            // what follows it cannot be applied without it.
            if (item.rev != expected || ChangeItems.expired(item, now)) {
              break;
            }
            found.add(ChangeItems.toChange(item));
            expected++;
            if (found.size() == max) {
              break;
            }
          }
          if (found.isEmpty()) {
            return new ChangesAfter.Expired(head);
          }
          return new ChangesAfter.Kept(found, Math.max(head, expected - 1));
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
