package io.livecomments.localgateway;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from the {@code $connect} call until it is dropped. The backend may push
 * to it before the socket has opened (even while its {@code $connect} call is still running), so
 * such frames are held and sent, in order, once it opens.
 */
public final class LocalConnection {

  private static final Logger LOG = LoggerFactory.getLogger(LocalConnection.class);

  /** Where the connection is in its life; only ever moves forward. */
  enum State {
    /** The {@code $connect} integration has not answered yet. */
    CONNECTING,
    /** The integration accepted it; the WebSocket upgrade is under way. */
    APPROVED,
    /** The socket is open. */
    OPEN,
    /** Dropped; it answers as gone from now on. */
    CLOSED
  }

  private final String id;
  private final Instant connectedAt;
  private final Identity identity;
  private volatile Instant lastActiveAt;

  // Guarded by this: state changes, buffering and sending must not interleave, or frames pushed
  // while the socket opens could overtake the buffered ones.
  private State state = State.CONNECTING;
  private @Nullable Instant approvedAt;
  private @Nullable WebSocketSession session;
  private final List<String> heldFrames = new ArrayList<>();
  private CompletableFuture<Void> forwarding = CompletableFuture.completedFuture(null);

  LocalConnection(String id, Instant connectedAt, Identity identity) {
    this.id = id;
    this.connectedAt = connectedAt;
    this.identity = identity;
    this.lastActiveAt = connectedAt;
  }

  public String id() {
    return id;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public Instant lastActiveAt() {
    return lastActiveAt;
  }

  public Identity identity() {
    return identity;
  }

  /** Counts a client frame as activity; pushes do not, as on API Gateway. */
  void touch(Instant now) {
    lastActiveAt = now;
  }

  /** Records the integration's yes; false if the connection was dropped meanwhile. */
  synchronized boolean approve(Instant now) {
    if (state != State.CONNECTING) {
      return false;
    }
    state = State.APPROVED;
    approvedAt = now;
    return true;
  }

  /** Attaches the opened socket and sends the frames held for it; false if already dropped. */
  synchronized boolean open(WebSocketSession openedSession) {
    if (state == State.CLOSED) {
      return false;
    }
    state = State.OPEN;
    session = openedSession;
    for (String frame : heldFrames) {
      sendNow(frame);
    }
    heldFrames.clear();
    return true;
  }

  synchronized boolean isOpen() {
    return state == State.OPEN;
  }

  /**
   * Sends one text frame, or holds it until the socket opens. The future fails when the socket is
   * already gone, which the caller reports as 410.
   */
  synchronized CompletableFuture<?> send(String frame) {
    return switch (state) {
      case CONNECTING, APPROVED -> {
        heldFrames.add(frame);
        yield CompletableFuture.completedFuture(null);
      }
      case OPEN -> sendNow(frame);
      case CLOSED -> CompletableFuture.failedFuture(new IllegalStateException(id + " is closed"));
    };
  }

  private CompletableFuture<?> sendNow(String frame) {
    try {
      return session.sendAsync(frame);
    } catch (RuntimeException e) {
      // Micronaut throws rather than failing the future when the channel has just closed.
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Runs {@code call} after every call queued before it has finished, so the backend sees a
   * client's frames in the order they were sent, and the disconnect last. A failed call is logged
   * and does not stop the ones after it.
   */
  synchronized void forwardInOrder(Supplier<CompletableFuture<?>> call) {
    forwarding =
        forwarding
            .thenCompose(ignored -> call.get())
            .handle(
                (ignored, error) -> {
                  if (error != null) {
                    LOG.warn("Forwarding a frame of {} failed: {}", id, error.toString());
                  }
                  return null;
                });
  }

  /** Marks the connection dropped and returns its socket if that is still open. */
  synchronized Optional<WebSocketSession> markClosed() {
    state = State.CLOSED;
    heldFrames.clear();
    return Optional.ofNullable(session).filter(WebSocketSession::isOpen);
  }

  /**
   * Why the sweeper should drop this connection at {@code now}, if it should: idle or too old, as
   * API Gateway closes with 1001, approved but never opened, or its socket already gone.
   */
  synchronized Optional<CloseReason> expiry(
      Instant now, Duration idleTimeout, Duration maxLifetime, Duration openTimeout) {
    if (olderThan(connectedAt, now, maxLifetime)) {
      return Optional.of(CloseReason.GOING_AWAY);
    }
    if (state == State.OPEN && olderThan(lastActiveAt, now, idleTimeout)) {
      return Optional.of(CloseReason.GOING_AWAY);
    }
    if (state == State.OPEN && session != null && !session.isOpen()) {
      // A socket that closed without Micronaut reporting it; should not happen, costs nothing.
      return Optional.of(CloseReason.ABNORMAL_CLOSURE);
    }
    if (state == State.APPROVED && olderThan(approvedAt, now, openTimeout)) {
      return Optional.of(CloseReason.GOING_AWAY);
    }
    return Optional.empty();
  }

  private static boolean olderThan(Instant since, Instant now, Duration limit) {
    return Duration.between(since, now).compareTo(limit) > 0;
  }
}
