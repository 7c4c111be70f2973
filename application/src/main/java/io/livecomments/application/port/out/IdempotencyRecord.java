package io.livecomments.application.port.out;

import io.livecomments.domain.CommentId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.Objects;

/** Remembers that a user's key produced (or is producing) one comment, until {@code expiresAt}. */
public record IdempotencyRecord(
    UserId userId, IdempotencyKey key, PostId postId, CommentId commentId, Instant expiresAt) {

  public IdempotencyRecord {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(commentId, "commentId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean isLiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
