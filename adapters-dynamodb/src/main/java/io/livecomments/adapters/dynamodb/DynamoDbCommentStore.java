package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Comments table, keyed by ({@code postId}, {@code seq}) so that a page is one {@code Query} in
 * either direction. Each post also has a counter item at {@code seq = 0} holding {@code lastSeq};
 * an append moves the counter from n to n + 1 and puts comment n + 1 in one {@code
 * TransactWriteItems}, conditional on the counter still being n. Racing writers, in this process or
 * any other, cannot both win; the loser re-reads the counter and tries again, so seqs are gapless
 * and unique and a failed append leaves nothing behind. Within one process, appends to one post
 * wait for each other (on one of 1,024 lock stripes) rather than collide, and the counter value
 * this process wrote last is remembered, so an uncontended append is one transaction with no read
 * before it (a stale value only costs a failed condition and a re-read). The local index {@code
 * byCommentId} (postId, commentId) finds a comment by id with a strongly consistent read.
 */
public final class DynamoDbCommentStore implements CommentStore {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCommentStore.class);

  static final class CommentItem {
    String postId;
    Long seq;
    String commentId;
    String content;
    String authorId;
    String authorName;
    Instant createdAt;
    Instant updatedAt;
    Long lastSeq;
  }

  static final StaticTableSchema<CommentItem> SCHEMA =
      StaticTableSchema.builder(CommentItem.class)
          .newItemSupplier(CommentItem::new)
          .addAttribute(
              String.class,
              attribute("postId", i -> i.postId, (i, v) -> i.postId = v, primaryPartitionKey()))
          .addAttribute(
              Long.class, attribute("seq", i -> i.seq, (i, v) -> i.seq = v, primarySortKey()))
          .addAttribute(
              String.class,
              attribute(
                  "commentId",
                  i -> i.commentId,
                  (i, v) -> i.commentId = v,
                  secondarySortKey(DynamoDbTables.COMMENTS_BY_ID)))
          .addAttribute(String.class, attribute("content", i -> i.content, (i, v) -> i.content = v))
          .addAttribute(
              String.class, attribute("authorId", i -> i.authorId, (i, v) -> i.authorId = v))
          .addAttribute(
              String.class, attribute("authorName", i -> i.authorName, (i, v) -> i.authorName = v))
          .addAttribute(
              Instant.class, attribute("createdAt", i -> i.createdAt, (i, v) -> i.createdAt = v))
          .addAttribute(
              Instant.class, attribute("updatedAt", i -> i.updatedAt, (i, v) -> i.updatedAt = v))
          .addAttribute(Long.class, attribute("lastSeq", i -> i.lastSeq, (i, v) -> i.lastSeq = v))
          .build();

  /** The counter item's sort key; comments start at 1. */
  private static final long COUNTER = 0;

  /**
   * How long an append waits for the appends queued before it on the same lock (one post, or posts
   * sharing one of the lock stripes) before it gives up with a 503 rather than hold a request
   * thread.
   */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  /** Enough to outlast a burst of cross-instance contention on one post; then 503. */
  private static final int MAX_ATTEMPTS = 50;

  private static final Expression NEW_ITEM =
      Expression.builder().expression("attribute_not_exists(seq)").build();

  private final DynamoDbEnhancedClient client;
  private final DynamoDbTable<CommentItem> table;
  private final ReentrantLock[] postLocks = new ReentrantLock[1024];
  private final BoundedCache<PostId, Long> lastSeqs = new BoundedCache<>(10_000);

  public DynamoDbCommentStore(DynamoDbEnhancedClient client, DynamoDbTables tables) {
    this.client = client;
    this.table = client.table(tables.name(DynamoDbTables.COMMENTS), SCHEMA);
    for (int i = 0; i < postLocks.length; i++) {
      postLocks[i] = new ReentrantLock();
    }
  }

  @Override
  public Comment append(PostId postId, LongFunction<Comment> commentForSeq) {
    ReentrantLock lock = postLocks[Math.floorMod(postId.hashCode(), postLocks.length)];
    try {
      if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StoreUnavailableException(
            "Too many comments queued for post " + postId.value() + "; try again shortly", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while waiting to append a comment", e);
    }
    try {
      return StoreCalls.call(() -> appendWithRetries(postId, commentForSeq));
    } finally {
      lock.unlock();
    }
  }

  private Comment appendWithRetries(PostId postId, LongFunction<Comment> commentForSeq) {
    for (int attempt = 1; ; attempt++) {
      Long remembered = lastSeqs.remove(postId);
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
        Optional<Comment> stored = stored(comment);
        if (stored.isPresent()) {
          lastSeqs.put(postId, stored.get().seq());
          return stored.get();
        }
        if (attempt == MAX_ATTEMPTS) {
          throw new StoreUnavailableException(
              "Too many concurrent writers on post " + postId.value() + "; try again shortly", e);
        }
        LOG.debug(
            "Append to post {} lost a race (attempt {}): {}",
            postId,
            attempt,
            StoreCalls.reasons(e));
        pause(attempt);
        continue;
      } catch (SdkException e) {
        // Timed out, refused or failed after the SDK's retries: the transaction may have committed
        // all the same. Look before reporting a failure, or a client retrying with the same
        // idempotency key would get a second comment.
        Optional<Comment> stored = stored(comment);
        if (stored.isEmpty()) {
          throw e;
        }
        lastSeqs.put(postId, stored.get().seq());
        return stored.get();
      }
      lastSeqs.put(postId, last + 1);
      return comment;
    }
  }

  /** The comment as stored under its id, if it is; empty also when that cannot be told now. */
  private Optional<Comment> stored(Comment comment) {
    try {
      return findItem(comment.postId(), comment.id()).map(DynamoDbCommentStore::toComment);
    } catch (RuntimeException unknown) {
      return Optional.empty();
    }
  }

  private long lastSeq(PostId postId) {
    CommentItem counter =
        table.getItem(r -> r.key(key(postId.value(), COUNTER)).consistentRead(true));
    return counter == null || counter.lastSeq == null ? COUNTER : counter.lastSeq;
  }

  private void write(PostId postId, long last, Comment comment) {
    CommentItem counter = new CommentItem();
    counter.postId = postId.value();
    counter.seq = COUNTER;
    counter.lastSeq = last + 1;
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
                    .item(counter)
                    .conditionExpression(counterUnchanged)
                    .build())
            .addPutItem(
                table,
                TransactPutItemEnhancedRequest.builder(CommentItem.class)
                    .item(toItem(comment))
                    .conditionExpression(NEW_ITEM)
                    .build())
            .build());
  }

  /** Jittered exponential backoff, 2 ms doubling up to 100 ms. */
  private static void pause(int attempt) {
    long ceiling = Math.min(100, 2L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while appending a comment", e);
    }
  }

  @Override
  public Optional<Comment> findById(PostId postId, CommentId commentId) {
    return StoreCalls.call(() -> findItem(postId, commentId)).map(DynamoDbCommentStore::toComment);
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
    return StoreCalls.call(
        () ->
            table
                .query(
                    r ->
                        r.queryConditional(
                                QueryConditional.sortBetween(
                                    key(postId.value(), from), key(postId.value(), to)))
                            .scanIndexForward(order == SortOrder.ASC)
                            .consistentRead(true)
                            .limit(Math.min(max, 1000)))
                .items()
                .stream()
                .limit(max)
                .map(DynamoDbCommentStore::toComment)
                .toList());
  }

  @Override
  public void update(Comment comment) {
    Expression sameComment =
        Expression.builder()
            .expression("commentId = :id")
            .expressionValues(Map.of(":id", AttributeValue.fromS(comment.id().value())))
            .build();
    try {
      StoreCalls.run(
          () -> table.putItem(r -> r.item(toItem(comment)).conditionExpression(sameComment)));
    } catch (ConditionalCheckFailedException e) {
      throw new CommentNotFoundException(comment.postId(), comment.id());
    }
  }

  @Override
  public Optional<Comment> remove(PostId postId, CommentId commentId) {
    return StoreCalls.call(
        () -> {
          Optional<CommentItem> found = findItem(postId, commentId);
          if (found.isEmpty()) {
            return Optional.empty();
          }
          Expression sameComment =
              Expression.builder()
                  .expression("commentId = :id")
                  .expressionValues(Map.of(":id", AttributeValue.fromS(commentId.value())))
                  .build();
          try {
            CommentItem deleted =
                table.deleteItem(
                    r ->
                        r.key(key(postId.value(), found.get().seq))
                            .conditionExpression(sameComment));
            return Optional.ofNullable(deleted).map(DynamoDbCommentStore::toComment);
          } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
          }
        });
  }

  private static Key key(String postId, long seq) {
    return Key.builder().partitionValue(postId).sortValue(seq).build();
  }

  private static CommentItem toItem(Comment comment) {
    CommentItem item = new CommentItem();
    item.postId = comment.postId().value();
    item.seq = comment.seq();
    item.commentId = comment.id().value();
    item.content = comment.content().value();
    item.authorId = comment.author().id().value();
    item.authorName = comment.author().username();
    item.createdAt = comment.createdAt();
    item.updatedAt = comment.updatedAt();
    return item;
  }

  private static Comment toComment(CommentItem item) {
    return new Comment(
        new CommentId(item.commentId),
        new PostId(item.postId),
        item.seq,
        new CommentContent(item.content),
        new Author(new UserId(item.authorId), item.authorName),
        item.createdAt,
        item.updatedAt);
  }
}
