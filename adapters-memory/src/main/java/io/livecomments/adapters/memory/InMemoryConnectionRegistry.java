package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections in maps, indexed by post so that finding a post's audience does not walk every
 * connection. Writes take one lock (connects and subscriptions are rare next to pushes); reads take
 * none.
 */
public final class InMemoryConnectionRegistry implements ConnectionRegistry {

  private final Map<ConnectionId, Connection> connections = new ConcurrentHashMap<>();
  private final Map<PostId, Set<Recipient>> subscribers = new ConcurrentHashMap<>();
  private final Set<Recipient> hearingEverything = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  public InMemoryConnectionRegistry() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock dates the counts, which are always taken live
   */
  public InMemoryConnectionRegistry(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void register(Connection connection) {
    unindex(connections.put(connection.id(), connection));
    index(connection);
  }

  @Override
  public Optional<Connection> find(ConnectionId id) {
    return Optional.ofNullable(connections.get(id));
  }

  @Override
  public Optional<Connection> subscribe(ConnectionId id, PostId postId) {
    return change(id, postId, true);
  }

  @Override
  public Optional<Connection> unsubscribe(ConnectionId id, PostId postId) {
    return change(id, postId, false);
  }

  private synchronized Optional<Connection> change(ConnectionId id, PostId postId, boolean add) {
    Connection current = connections.get(id);
    if (current == null) {
      return Optional.empty();
    }
    Set<PostId> posts = new HashSet<>(current.subscriptions());
    if (add) {
      posts.add(postId);
    } else {
      posts.remove(postId);
    }
    Connection updated = current.withSubscriptions(posts);
    register(updated);
    return Optional.of(updated);
  }

  /** Connections here live as long as the process, so there is no expiry to push back. */
  @Override
  public void touch(ConnectionId id) {}

  @Override
  public synchronized void remove(ConnectionId id) {
    unindex(connections.remove(id));
  }

  @Override
  public List<Recipient> audienceOf(PostId postId) {
    List<Recipient> audience = new ArrayList<>(hearingEverything);
    audience.addAll(subscribers.getOrDefault(postId, Set.of()));
    return audience;
  }

  @Override
  public List<Recipient> all() {
    return connections.values().stream().map(Connection::recipient).toList();
  }

  @Override
  public ConnectionCount count() {
    return new ConnectionCount(connections.size(), clock.instant());
  }

  private void index(Connection connection) {
    if (connection.subscriptions().isEmpty()) {
      hearingEverything.add(connection.recipient());
    }
    for (PostId post : connection.subscriptions()) {
      subscribers
          .computeIfAbsent(post, p -> ConcurrentHashMap.newKeySet())
          .add(connection.recipient());
    }
  }

  private void unindex(Connection connection) {
    if (connection == null) {
      return;
    }
    hearingEverything.remove(connection.recipient());
    for (PostId post : connection.subscriptions()) {
      Set<Recipient> ids = subscribers.get(post);
      if (ids != null) {
        ids.remove(connection.recipient());
        if (ids.isEmpty()) {
          subscribers.remove(post);
        }
      }
    }
  }
}
