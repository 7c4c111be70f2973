package io.livecomments.domain;

import java.time.Instant;
import java.util.Objects;

/** Something people comment on. */
public record Post(PostId id, PostTitle title, UserId authorId, Instant createdAt) {

  public Post {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(authorId, "authorId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean isAuthoredBy(UserId user) {
    return authorId.equals(user);
  }
}
