package io.livecomments.application.port.out;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A live WebSocket connection. With no subscriptions it hears about every post; with some, only
 * about those.
 */
public record Connection(
    ConnectionId id, Set<PostId> subscriptions, Optional<UserId> userId, Instant connectedAt) {

  public Connection {
    Objects.requireNonNull(id, "id");
    subscriptions = Set.copyOf(subscriptions);
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(connectedAt, "connectedAt");
  }

  public boolean hears(PostId postId) {
    return subscriptions.isEmpty() || subscriptions.contains(postId);
  }
}
