package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The items of the comments table and their mapping to and from {@link Comment}: one item per
 * comment at its {@code seq}, and per post one counter item at {@code seq = 0} holding only {@code
 * lastSeq} and {@code lastRev}. Items written before the change stream existed lack {@code rev} and
 * {@code lastRev}; they read as {@code seq} and {@code lastSeq}, which are never less than any rev
 * the post handed out then (each change was a creation). docs/dynamodb.md lists the attributes.
 */
final class CommentItems {

  /**
   * A comment, or a post's counter (then only {@code postId}, {@code seq}, {@code lastSeq} and
   * {@code lastRev}).
   */
  static final class CommentItem {
    String postId;
    Long seq;
    Long rev;
    String commentId;
    String content;
    String authorId;
    String authorName;
    Instant createdAt;
    Instant updatedAt;
    Long lastSeq;
    Long lastRev;
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
          .addAttribute(Long.class, attribute("rev", i -> i.rev, (i, v) -> i.rev = v))
          .addAttribute(Long.class, attribute("lastRev", i -> i.lastRev, (i, v) -> i.lastRev = v))
          .build();

  /** The counter item's sort key; comments start at 1. */
  static final long COUNTER = 0;

  private CommentItems() {}

  static Key key(PostId postId, long seq) {
    return Key.builder().partitionValue(postId.value()).sortValue(seq).build();
  }

  /**
   * A post's counter as read: the last seq and rev handed out (0 before the first), and whether the
   * item exists and whether it holds {@code lastRev} (the write's condition differs for each).
   */
  record Counter(long lastSeq, long lastRev, boolean exists, boolean revStored) {

    static final Counter NONE = new Counter(COUNTER, 0, false, false);

    /** The counter after one more change, a creation when {@code created}. */
    Counter next(boolean created) {
      return new Counter(created ? lastSeq + 1 : lastSeq, lastRev + 1, true, true);
    }

    CommentItem toItem(PostId postId) {
      CommentItem counter = new CommentItem();
      counter.postId = postId.value();
      counter.seq = COUNTER;
      counter.lastSeq = lastSeq;
      counter.lastRev = lastRev;
      return counter;
    }
  }

  static Counter counter(CommentItem item) {
    if (item == null || item.lastSeq == null) {
      return Counter.NONE;
    }
    return item.lastRev == null
        ? new Counter(item.lastSeq, item.lastSeq, true, false)
        : new Counter(item.lastSeq, item.lastRev, true, true);
  }

  static CommentItem toItem(Comment comment) {
    CommentItem item = new CommentItem();
    item.postId = comment.postId().value();
    item.seq = comment.seq();
    item.rev = comment.rev();
    item.commentId = comment.id().value();
    item.content = comment.content().value();
    item.authorId = comment.author().id().value();
    item.authorName = comment.author().username();
    item.createdAt = comment.createdAt();
    item.updatedAt = comment.updatedAt();
    return item;
  }

  static Comment toComment(CommentItem item) {
    return new Comment(
        new CommentId(item.commentId),
        new PostId(item.postId),
        item.seq,
        item.rev == null ? item.seq : item.rev,
        new CommentContent(item.content),
        new Author(new UserId(item.authorId), item.authorName),
        item.createdAt,
        item.updatedAt);
  }
}
