package io.livecomments.adapters.rest.api;

import io.livecomments.domain.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A post as clients see it. */
@Serdeable
@Schema(name = "Post", description = "A post")
public record PostResponse(
    @Schema(format = "uuid") String id,
    String title,
    @Schema(description = "The user id of its author") String authorId,
    @Schema(format = "date-time", description = "ISO-8601 UTC") String createdAt) {

  public static PostResponse fromDomainModel(Post post) {
    return new PostResponse(
        post.id().value(),
        post.title().value(),
        post.authorId().value(),
        post.createdAt().toString());
  }
}
