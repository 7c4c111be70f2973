package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code ws://host:port/ws}: the client side of the gateway. By the time a socket opens, {@link
 * HandshakeFilter} has registered it and the backend has accepted it; from then on each client
 * frame goes to {@code $default} and the end of the socket to {@code $disconnect}.
 */
@ServerWebSocket(WebSocketGateway.PATH)
@Requires(condition = LocalGatewayEnabledCondition.class)
@Secured(SecurityRule.IS_ANONYMOUS)
public class WebSocketGateway {

  public static final String PATH = "/ws";

  private final LocalConnections connections;
  private final IntegrationClient integration;

  public WebSocketGateway(LocalConnections connections, IntegrationClient integration) {
    this.connections = connections;
    this.integration = integration;
  }

  @OnOpen
  public void onOpen(WebSocketSession session, HttpRequest<?> request) {
    Optional<LocalConnection> connection = connection(request);
    if (connection.isPresent() && !session.isOpen()) {
      // Micronaut calls @OnOpen even when the client left during the handshake, and then never
      // calls @OnClose, so this is the last chance to notice.
      connections.drop(connection.get(), CloseReason.ABNORMAL_CLOSURE);
    } else if (connection.isEmpty() || !connection.get().open(session)) {
      // Dropped between the handshake and now (DELETE, or the open timeout): it is already gone.
      session.close(CloseReason.GOING_AWAY);
    }
  }

  /**
   * Netty refuses single frames over the limit with 1009 itself; this catches a message assembled
   * from several fragments, which API Gateway limits just the same.
   */
  @OnMessage(maxPayloadLength = LocalGatewayConfiguration.MAX_MESSAGE_BYTES)
  public void onMessage(String frame, HttpRequest<?> request) {
    Optional<LocalConnection> found = connection(request);
    if (found.isEmpty()) {
      return;
    }
    LocalConnection connection = found.get();
    if (frame.getBytes(StandardCharsets.UTF_8).length
        > LocalGatewayConfiguration.MAX_MESSAGE_BYTES) {
      connections.drop(connection, CloseReason.MESSAGE_TO_BIG);
      return;
    }
    connection.touch(connections.now());
    connection.forwardInOrder(() -> integration.message(connection, frame));
  }

  /** Also called when the TCP connection drops without a close frame (reason 1006). */
  @OnClose
  public void onClose(CloseReason reason, HttpRequest<?> request) {
    connection(request).ifPresent(connection -> connections.drop(connection, reason));
  }

  private Optional<LocalConnection> connection(HttpRequest<?> request) {
    return HandshakeFilter.connectionId(request).flatMap(connections::find);
  }
}
