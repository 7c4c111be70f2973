package io.livecomments.lambda.broadcast;

import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.PostId;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * What the bridge needs to know of a message that {@code HttpBridgePublisher} posts: the body is
 * the frame itself, {@code {"type", "eventId", "data": {...}, "timestamp"}}, and its audience
 * follows from {@code data.postId}: that post's audience when present ({@code comment.created},
 * {@code comment.updated}), every connection when absent ({@code test}). The frame is pushed as it
 * came, byte for byte; this only reads it.
 */
sealed interface BroadcastFrame {

  /** A frame the bridge can fan out. */
  record Valid(String type, Optional<PostId> topic) implements BroadcastFrame {}

  /** Not a message of ours; {@code detail} says why, for the 400 answer. */
  record Invalid(String detail) implements BroadcastFrame {}

  static BroadcastFrame read(String frame, JsonMapper json) {
    JsonNode root;
    try {
      root = json.readValue(frame, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return new Invalid("The body is not JSON: it must be the message's frame");
    }
    if (root == null || !root.isObject()) {
      return new Invalid("The body must be a JSON object: the message's frame");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isString() || type.getStringValue().isBlank()) {
      return new Invalid("The frame has no \"type\"");
    }
    JsonNode data = root.get("data");
    if (data != null && !data.isNull() && !data.isObject()) {
      return new Invalid("The frame's \"data\" must be an object");
    }
    JsonNode postId = data == null || data.isNull() ? null : data.get("postId");
    if (postId == null || postId.isNull()) {
      return new Valid(type.getStringValue(), Optional.empty());
    }
    if (!postId.isString()) {
      return new Invalid("The frame's \"data.postId\" must be a string");
    }
    try {
      return new Valid(type.getStringValue(), Optional.of(new PostId(postId.getStringValue())));
    } catch (InvalidValueException e) {
      return new Invalid("The frame's \"data.postId\" must be a post id (a UUID)");
    }
  }
}
