package io.livecomments.adapters.apigateway.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.livecomments.wire.CommentJson;
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

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CommentCreated(String postId, long rev, CommentJson comment) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CommentUpdated(
      String postId, long rev, String commentId, String action, @Nullable CommentJson comment) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CommentsList(
      String postId,
      List<CommentJson> comments,
      int count,
      @Nullable Long nextAfterSeq,
      @Nullable Long nextBeforeSeq,
      long headRev,
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
