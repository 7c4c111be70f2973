package io.livecomments.adapters.rest.push;

import io.livecomments.adapters.rest.api.CommentResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The JSON shapes of pushed messages (CONTRACT section 5); comments look as they do in REST. */
final class WireMessages {

  private WireMessages() {}

  @Serdeable
  record Envelope(String type, String eventId, Object data, String timestamp) {}

  @Serdeable
  record CommentCreated(String postId, CommentResponse comment) {}

  @Serdeable
  record CommentUpdated(
      String postId, String commentId, String action, @Nullable CommentResponse comment) {}

  @Serdeable
  record CommentsList(
      String postId,
      List<CommentResponse> comments,
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
}
