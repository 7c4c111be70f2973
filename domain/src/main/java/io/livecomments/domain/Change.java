package io.livecomments.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to a post's comments, numbered by the post's change counter {@code rev}: 1, 2, 3…
 * without gaps across creations, edits and deletions, so that a client that missed some can ask for
 * exactly those and replay them in order (CONTRACT section 8).
 *
 * @param comment the comment as this change left it; empty for a deletion
 */
public record Change(
    long rev,
    Action action,
    PostId postId,
    CommentId commentId,
    Optional<Comment> comment,
    Instant at) {

  /** What the change did to the comment. */
  public enum Action {
    CREATED,
    UPDATED,
    DELETED
  }

  public Change {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(commentId, "commentId");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(at, "at");
    if (rev < 1) {
      throw new IllegalArgumentException("rev starts at 1, got " + rev);
    }
    if (comment.isPresent() == (action == Action.DELETED)) {
      throw new IllegalArgumentException("A deletion, and only a deletion, leaves no comment");
    }
    comment.ifPresent(
        c -> {
          if (c.rev() != rev || !c.id().equals(commentId) || !c.postId().equals(postId)) {
            throw new IllegalArgumentException(
                "The comment must be the one changed, carrying this change's rev");
          }
        });
  }

  /** The creation or edit that left {@code comment} as it is, numbered by its rev. */
  public static Change of(Action action, Comment comment, Instant at) {
    return new Change(
        comment.rev(), action, comment.postId(), comment.id(), Optional.of(comment), at);
  }

  /** The deletion of {@code comment}, numbered {@code rev}. */
  public static Change deletion(long rev, Comment comment, Instant at) {
    return new Change(rev, Action.DELETED, comment.postId(), comment.id(), Optional.empty(), at);
  }
}
