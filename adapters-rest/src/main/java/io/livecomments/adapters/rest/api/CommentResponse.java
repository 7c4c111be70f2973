package io.livecomments.adapters.rest.api;

import io.livecomments.domain.Comment;
import io.micronaut.serde.annotation.Serdeable;

/** A comment as clients see it; timestamps are ISO-8601 in UTC. */
@Serdeable
public record CommentResponse(
    String id,
    String postId,
    long seq,
    String content,
    String userId,
    String username,
    String createdAt,
    String updatedAt) {

  public static CommentResponse fromDomainModel(Comment comment) {
    return new CommentResponse(
        comment.id().value(),
        comment.postId().value(),
        comment.seq(),
        comment.content().value(),
        comment.author().id().value(),
        comment.author().username(),
        comment.createdAt().toString(),
        comment.updatedAt().toString());
  }
}
