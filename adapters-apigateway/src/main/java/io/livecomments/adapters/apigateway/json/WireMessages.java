package io.livecomments.adapters.apigateway.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.livecomments.domain.Comment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.OptionalLong;

/**
 * The JSON shapes of pushed messages (CONTRACT section 5). Nulls are always written, whatever the
 * application's serializer settings, because clients read {@code "comment": null} and {@code
 * "nextAfterSeq": null} as facts.
 */
final class WireMessages {

  private WireMessages() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Envelope(String type, String eventId, Object data, String timestamp) {}

  /**
   * A comment as pushed: the same fields, in the same order, as the REST API's {@code Comment}, so
   * a client handles both alike (bootstrap's end-to-end tests compare the two byte for byte).
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PushedComment(
      String id,
      String postId,
      long seq,
      String content,
      String userId,
      String username,
      String createdAt,
      String updatedAt) {

    static PushedComment fromDomainModel(Comment comment) {
      return new PushedComment(
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

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CommentCreated(String postId, PushedComment comment) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CommentUpdated(
      String postId, String commentId, String action, @Nullable PushedComment comment) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CommentsList(
      String postId,
      List<PushedComment> comments,
      int count,
      @Nullable Long nextAfterSeq,
      @Nullable Long nextBeforeSeq,
      int part,
      int parts) {}

  @Serdeable
  record Text(String message) {}

  @Serdeable
  record ConnectionInfo(String connectionId, List<String> subscriptions) {}

  @Serdeable
  record Empty() {}

  /** A paging field as JSON wants it: the number, or null on the last page. */
  static @Nullable Long orNull(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
