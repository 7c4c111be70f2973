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
 * about those. {@code batch} says it connected with {@code batch=1} and takes {@code batch} frames.
 */
public record Connection(
    ConnectionId id,
    Set<PostId> subscriptions,
    Optional<UserId> userId,
    Instant connectedAt,
    boolean batch) {

  /** A connection that takes one message per frame. */
  public Connection(
      ConnectionId id, Set<PostId> subscriptions, Optional<UserId> userId, Instant connectedAt) {
    this(id, subscriptions, userId, connectedAt, false);
  }

  public Connection {
    Objects.requireNonNull(id, "id");
    subscriptions = Set.copyOf(subscriptions);
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(connectedAt, "connectedAt");
  }

  /** The same connection with other subscriptions. */
  public Connection withSubscriptions(Set<PostId> posts) {
    return new Connection(id, posts, userId, connectedAt, batch);
  }

  public Recipient recipient() {
    return new Recipient(id, batch);
  }

  public boolean hears(PostId postId) {
    return subscriptions.isEmpty() || subscriptions.contains(postId);
  }
}
