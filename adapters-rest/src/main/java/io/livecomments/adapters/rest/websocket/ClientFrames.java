package io.livecomments.adapters.rest.websocket;

import io.livecomments.application.port.in.HandleClientMessageUseCase.ClientMessage;
import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.PostId;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a client's frame ({@code {"action":"subscribe","postId":"…"}}) into a {@link
 * ClientMessage}. Anything unreadable becomes {@link ClientMessage.Invalid} with the reason, so
 * that the client is told instead of being disconnected.
 */
@Singleton
public class ClientFrames {

  private final JsonMapper json;

  public ClientFrames(JsonMapper json) {
    this.json = json;
  }

  public ClientMessage read(String frame) {
    if (frame == null || frame.isBlank()) {
      return new ClientMessage.Invalid("Empty frame; send {\"action\":\"...\"}");
    }
    Map<String, Object> fields;
    try {
      fields =
          json.readValue(
              frame.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
    } catch (IOException | RuntimeException e) {
      return new ClientMessage.Invalid("Frames must be JSON objects like {\"action\":\"ping\"}");
    }
    if (fields == null || !(fields.get("action") instanceof String action)) {
      return new ClientMessage.Invalid("Frames need a string \"action\"");
    }
    try {
      return switch (action) {
        case "subscribe" -> new ClientMessage.Subscribe(postId(fields));
        case "unsubscribe" -> new ClientMessage.Unsubscribe(postId(fields));
        case "whoami" -> new ClientMessage.WhoAmI();
        case "ping" -> new ClientMessage.Ping();
        default ->
            new ClientMessage.Invalid(
                "Unknown action '"
                    + abbreviate(action)
                    + "'; use subscribe, unsubscribe, whoami or ping");
      };
    } catch (InvalidValueException e) {
      return new ClientMessage.Invalid(e.getMessage());
    }
  }

  private static PostId postId(Map<String, Object> fields) {
    Object value = fields.get("postId");
    return new PostId(value instanceof String text ? text : null);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
