package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connections by id. Removal from the map is the one place a connection ends, so the
 * {@code $disconnect} integration is called exactly once however many paths (client close, drop,
 * DELETE, sweep) race to end it.
 */
@Singleton
@Requires(condition = LocalGatewayEnabledCondition.class)
public class LocalConnections {

  private static final Logger LOG = LoggerFactory.getLogger(LocalConnections.class);

  // API Gateway stamps events with its own wall clock, not the backend's, so neither does this.
  private final Clock clock = Clock.systemUTC();
  private final Map<String, LocalConnection> byId = new ConcurrentHashMap<>();
  private final ConnectionIdGenerator ids;
  private final IntegrationClient integration;

  public LocalConnections(ConnectionIdGenerator ids, IntegrationClient integration) {
    this.ids = ids;
    this.integration = integration;
  }

  /** Milliseconds, as API Gateway reports every time, so the epoch and ISO forms agree. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Registers a connection that is about to ask the integration whether it may connect. */
  LocalConnection create(Identity identity) {
    Instant now = now();
    while (true) {
      LocalConnection connection = new LocalConnection(ids.next(), now, identity);
      if (byId.putIfAbsent(connection.id(), connection) == null) {
        return connection;
      }
    }
  }

  public Optional<LocalConnection> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * {@code POST @connections/{id}}: sends {@code frame} to the connection, or holds it until the
   * socket opens. Completes with false when the connection is gone, including a socket that closed
   * under the send (dropped here, since its {@code @OnClose} may not have run yet).
   */
  CompletableFuture<Boolean> push(String id, String frame) {
    LocalConnection connection = byId.get(id);
    if (connection == null) {
      return CompletableFuture.completedFuture(false);
    }
    return connection
        .send(frame)
        .handle(
            (sent, error) -> {
              if (error != null) {
                drop(connection, CloseReason.ABNORMAL_CLOSURE);
                return false;
              }
              return true;
            });
  }

  public List<LocalConnection> all() {
    return List.copyOf(byId.values());
  }

  /** Forgets a connection the integration refused: it never connected, so no disconnect. */
  void forgetRejected(LocalConnection connection) {
    if (byId.remove(connection.id(), connection)) {
      connection.markClosed();
    }
  }

  /**
   * Ends a connection: closes its socket with {@code reason} if still open and tells the
   * integration. Does nothing if it has already ended.
   */
  public void drop(LocalConnection connection, CloseReason reason) {
    if (!byId.remove(connection.id(), connection)) {
      return;
    }
    LOG.debug("Connection {} ended: {}", connection.id(), reason);
    connection.markClosed().ifPresent(session -> session.close(sendable(reason)));
    // Behind the frames still being forwarded, so the backend never sees one after the disconnect.
    connection.forwardInOrder(() -> integration.disconnect(connection, reason));
  }

  /**
   * Closes every socket with 1001 (Going Away), because the gateway itself is going away, and waits
   * up to {@code timeout} for the close frames to leave. The integration hears no {@code
   * $disconnect}: the backend is stopping with the gateway, and after a restart the gateway answers
   * 410 for these ids, which makes the backend forget them.
   *
   * @return how many sockets were closed
   */
  public int closeAll(Duration timeout) throws InterruptedException {
    List<WebSocketSession> closing = new ArrayList<>();
    for (LocalConnection connection : all()) {
      if (byId.remove(connection.id(), connection)) {
        connection
            .markClosed()
            .ifPresent(
                session -> {
                  session.close(CloseReason.GOING_AWAY);
                  closing.add(session);
                });
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (WebSocketSession session : closing) {
      while (session.isOpen() && System.nanoTime() < deadline) {
        // Netty reports a channel's close only as a state; a short poll is the cheapest wait.
        Thread.sleep(5);
      }
    }
    LOG.info("Local gateway closed {} connection(s) with 1001 Going Away", closing.size());
    return closing.size();
  }

  /**
   * The reason to put in our close frame. Echoing the client's code is polite, but 1005 and 1006
   * only describe a missing status or frame and must never be sent (RFC 6455, 7.4.1).
   */
  private static CloseReason sendable(CloseReason reason) {
    int code = reason.getCode();
    boolean reserved = code == 1004 || code == 1005 || code == 1006 || code == 1015;
    return code < 1000 || code > 4999 || reserved ? CloseReason.NORMAL : reason;
  }
}
