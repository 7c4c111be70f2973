package io.livecomments.application.port.in;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;

/** {@code $default}: a frame a client sent; answered by a push to that connection only. */
@FunctionalInterface
public interface HandleClientMessageUseCase {

  void handle(ConnectionId connectionId, ClientMessage message);

  /** What a client can ask for over its WebSocket. */
  sealed interface ClientMessage {
    record Subscribe(PostId postId) implements ClientMessage {}

    record Unsubscribe(PostId postId) implements ClientMessage {}

    record WhoAmI() implements ClientMessage {}

    record Ping() implements ClientMessage {}

    /** Anything else; the client is told why in an {@code error} message. */
    record Invalid(String reason) implements ClientMessage {}
  }
}
