package io.livecomments.application.port.out;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Optional;

/**
 * Knows the live connections and what each subscribed to. Implementations throw {@link
 * StoreUnavailableException} when their store cannot be reached.
 */
public interface ConnectionRegistry {

  /** Adds the connection, or replaces what was known about it. */
  void register(Connection connection);

  Optional<Connection> find(ConnectionId id);

  /** Adds a subscription; empty if the connection is not registered. */
  Optional<Connection> subscribe(ConnectionId id, PostId postId);

  /** Drops a subscription; empty if the connection is not registered. */
  Optional<Connection> unsubscribe(ConnectionId id, PostId postId);

  /**
   * Notes that the connection is in use. Stores that expire connections (so that one whose {@code
   * $disconnect} never came stops being pushed to) keep it alive for another while; nothing happens
   * if it is unknown.
   */
  void touch(ConnectionId id);

  /** Forgets the connection; nothing happens if it is unknown. */
  void remove(ConnectionId id);

  /**
   * Who hears about the post: its subscribers and every connection without subscriptions, each with
   * its batch flag.
   */
  List<Recipient> audienceOf(PostId postId);

  /** Every live connection: a walk over all of them, for broadcasts to everyone. */
  List<Recipient> all();

  /**
   * How many connections are live. Stores where counting means reading every connection may answer
   * with a figure counted a while ago; its {@code countedAt} says when.
   */
  ConnectionCount count();
}
