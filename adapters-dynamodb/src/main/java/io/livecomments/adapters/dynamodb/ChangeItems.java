package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import io.livecomments.domain.Author;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The items of the changes table: one per change at ({@code postId}, {@code rev}), carrying the
 * comment as the change left it (no comment attributes for a deletion) and {@code expiresAt}, the
 * epoch second after which DynamoDB's TTL may delete it. docs/dynamodb.md lists the attributes.
 */
final class ChangeItems {

  static final class ChangeItem {
    String postId;
    Long rev;
    String action;
    String commentId;
    Long seq;
    String content;
    String authorId;
    String authorName;
    Instant createdAt;
    Instant updatedAt;
    Instant at;
    Long expiresAt;
  }

  static final StaticTableSchema<ChangeItem> SCHEMA =
      StaticTableSchema.builder(ChangeItem.class)
          .newItemSupplier(ChangeItem::new)
          .addAttribute(
              String.class,
              attribute("postId", i -> i.postId, (i, v) -> i.postId = v, primaryPartitionKey()))
          .addAttribute(
              Long.class, attribute("rev", i -> i.rev, (i, v) -> i.rev = v, primarySortKey()))
          .addAttribute(String.class, attribute("action", i -> i.action, (i, v) -> i.action = v))
          .addAttribute(
              String.class, attribute("commentId", i -> i.commentId, (i, v) -> i.commentId = v))
          .addAttribute(Long.class, attribute("seq", i -> i.seq, (i, v) -> i.seq = v))
          .addAttribute(String.class, attribute("content", i -> i.content, (i, v) -> i.content = v))
          .addAttribute(
              String.class, attribute("authorId", i -> i.authorId, (i, v) -> i.authorId = v))
          .addAttribute(
              String.class, attribute("authorName", i -> i.authorName, (i, v) -> i.authorName = v))
          .addAttribute(
              Instant.class, attribute("createdAt", i -> i.createdAt, (i, v) -> i.createdAt = v))
          .addAttribute(
              Instant.class, attribute("updatedAt", i -> i.updatedAt, (i, v) -> i.updatedAt = v))
          .addAttribute(Instant.class, attribute("at", i -> i.at, (i, v) -> i.at = v))
          .addAttribute(
              Long.class,
              attribute(DynamoDbTables.TTL_ATTRIBUTE, i -> i.expiresAt, (i, v) -> i.expiresAt = v))
          .build();

  private ChangeItems() {}

  static Key key(PostId postId, long rev) {
    return Key.builder().partitionValue(postId.value()).sortValue(rev).build();
  }

  static ChangeItem toItem(Change change, Duration retention) {
    ChangeItem item = new ChangeItem();
    item.postId = change.postId().value();
    item.rev = change.rev();
    item.action = change.action().name().toLowerCase(Locale.ROOT);
    item.commentId = change.commentId().value();
    change
        .comment()
        .ifPresent(
            comment -> {
              item.seq = comment.seq();
              item.content = comment.content().value();
              item.authorId = comment.author().id().value();
              item.authorName = comment.author().username();
              item.createdAt = comment.createdAt();
              item.updatedAt = comment.updatedAt();
            });
    item.at = change.at();
    item.expiresAt = change.at().plus(retention).getEpochSecond();
    return item;
  }

  /** Whether DynamoDB's TTL may already have deleted the item: it reads as gone from then on. */
  static boolean expired(ChangeItem item, Instant now) {
    return item.expiresAt != null && item.expiresAt <= now.getEpochSecond();
  }

  static Change toChange(ChangeItem item) {
    Change.Action action = Change.Action.valueOf(item.action.toUpperCase(Locale.ROOT));
    PostId postId = new PostId(item.postId);
    CommentId commentId = new CommentId(item.commentId);
    Optional<Comment> comment =
        action == Change.Action.DELETED
            ? Optional.empty()
            : Optional.of(
                new Comment(
                    commentId,
                    postId,
                    item.seq,
                    item.rev,
                    new CommentContent(item.content),
                    new Author(new UserId(item.authorId), item.authorName),
                    item.createdAt,
                    item.updatedAt));
    return new Change(item.rev, action, postId, commentId, comment, item.at);
  }
}
