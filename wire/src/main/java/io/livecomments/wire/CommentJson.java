package io.livecomments.wire;

import io.livecomments.domain.Comment;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A comment as clients see it, in a REST answer and in a pushed message alike (CONTRACT sections 3
 * and 5): defined once, so that the two cannot drift apart. Timestamps are ISO-8601 in UTC.
 */
@Serdeable
public record CommentJson(
    String id,
    String postId,
    long seq,
    long rev,
    String content,
    String userId,
    String username,
    String createdAt,
    String updatedAt) {

  public static CommentJson fromDomainModel(Comment comment) {
    return new CommentJson(
        comment.id().value(),
        comment.postId().value(),
        comment.seq(),
        comment.rev(),
        comment.content().value(),
        comment.author().id().value(),
        comment.author().username(),
        comment.createdAt().toString(),
        comment.updatedAt().toString());
  }
}
