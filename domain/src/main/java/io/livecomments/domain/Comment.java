package io.livecomments.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A comment on a post. {@code seq} is its place in the post's conversation: 1, 2, 3… assigned once
 * at creation and never reused, so that clients can detect gaps in what they received. {@code rev}
 * is the post's change number of this comment's latest change (its creation or last edit): a client
 * replaces its copy only with a change of greater rev, so late or repeated events cannot undo newer
 * ones.
 */
public record Comment(
    CommentId id,
    PostId postId,
    long seq,
    long rev,
    CommentContent content,
    Author author,
    Instant createdAt,
    Instant updatedAt) {

  public Comment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, got " + seq);
    }
    if (rev < 1) {
      throw new IllegalArgumentException("rev starts at 1, got " + rev);
    }
  }

  public boolean isAuthoredBy(UserId user) {
    return author.id().equals(user);
  }

  /** The edited comment; its rev stays the old one until the store numbers the change. */
  public Comment withContent(CommentContent newContent, Instant now) {
    return new Comment(id, postId, seq, rev, newContent, author, createdAt, now);
  }

  /** This comment as the change numbered {@code newRev} left it. */
  public Comment withRev(long newRev) {
    return new Comment(id, postId, seq, newRev, content, author, createdAt, updatedAt);
  }
}
