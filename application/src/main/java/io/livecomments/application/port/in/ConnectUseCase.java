package io.livecomments.application.port.in;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** {@code $connect}: a client opened a WebSocket through the gateway. */
public interface ConnectUseCase {

  void connect(ConnectCommand command);

  /**
   * @param subscriptions the posts to hear about; empty for all
   * @param user who the connection's token says the client is, if it sent one
   * @param batch whether the client asked for {@code batch} frames ({@code batch=1})
   */
  record ConnectCommand(
      ConnectionId connectionId, Set<PostId> subscriptions, Optional<UserId> user, boolean batch) {
    public ConnectCommand {
      Objects.requireNonNull(connectionId, "connectionId");
      subscriptions = Set.copyOf(subscriptions);
      Objects.requireNonNull(user, "user");
    }

    /** A client that takes one message per frame. */
    public ConnectCommand(
        ConnectionId connectionId, Set<PostId> subscriptions, Optional<UserId> user) {
      this(connectionId, subscriptions, user, false);
    }
  }
}
