package io.livecomments.adapters.rest.api;

import io.livecomments.domain.Post;
import io.micronaut.serde.annotation.Serdeable;

/** A post as clients see it. */
@Serdeable
public record PostResponse(String id, String title, String authorId, String createdAt) {

  public static PostResponse fromDomainModel(Post post) {
    return new PostResponse(
        post.id().value(),
        post.title().value(),
        post.authorId().value(),
        post.createdAt().toString());
  }
}
