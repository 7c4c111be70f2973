package io.livecomments.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A comment on a post. {@code seq} is its place in the post's conversation: 1, 2, 3… assigned once
 * at creation and never reused, so that clients can detect gaps in what they received.
 */
public record Comment(
    CommentId id,
    PostId postId,
    long seq,
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
  }

  public boolean isAuthoredBy(UserId user) {
    return author.id().equals(user);
  }

  public Comment withContent(CommentContent newContent, Instant now) {
    return new Comment(id, postId, seq, newContent, author, createdAt, now);
  }
}
