package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code $connect} before the WebSocket upgrade is accepted. Micronaut passes the upgrade
 * request through the HTTP filters and only answers 101 when they let it proceed, so answering here
 * with the integration's error status makes the client's open fail, as on API Gateway.
 *
 * <p>The answer is handed back on the connection's own event loop. Micronaut 4.10 completes the
 * upgrade on whichever thread finishes the filter, and off the event loop a frame the client sends
 * right after the 101 can reach the pipeline before the WebSocket handler does and be lost
 * (micronaut-core pull request 12528).
 */
@ServerFilter({WebSocketGateway.PATH, WebSocketGateway.PATH + "/**"})
@Requires(condition = LocalGatewayEnabledCondition.class)
public class HandshakeFilter implements Ordered {

  /** Request attribute that carries the new connection's id to {@code @OnOpen}. */
  static final String CONNECTION_ID = HandshakeFilter.class.getName() + ".connectionId";

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeFilter.class);

  private final LocalConnections connections;
  private final IntegrationClient integration;

  public HandshakeFilter(LocalConnections connections, IntegrationClient integration) {
    this.connections = connections;
    this.integration = integration;
  }

  /** After security, so that a request the application refuses never reaches the backend. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }

  @RequestFilter
  public CompletableFuture<Optional<HttpResponse<?>>> handshake(HttpRequest<?> request) {
    if (!isWebSocketUpgrade(request)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    LocalConnection connection = connections.create(identityOf(request));
    request.setAttribute(CONNECTION_ID, connection.id());
    return integration
        .connect(connection, queryStringParameters(request))
        .handleAsync(
            (status, error) -> {
              if (error == null && status / 100 == 2 && connection.approve(connections.now())) {
                return Optional.empty();
              }
              connections.forgetRejected(connection);
              if (error != null) {
                LOG.warn("$connect for {} failed: {}", connection.id(), error.toString());
                return Optional.of(rejection(HttpStatus.BAD_GATEWAY.getCode()));
              }
              LOG.debug("$connect refused {} with {}", connection.id(), status);
              return Optional.of(rejection(status));
            },
            eventLoopOf(request));
  }

  /** The connection's event loop; any other server gets the answer on the completing thread. */
  private static Executor eventLoopOf(HttpRequest<?> request) {
    if (request instanceof NettyHttpRequest<?> netty) {
      return netty.getChannelHandlerContext().executor();
    }
    return Runnable::run;
  }

  static Optional<String> connectionId(HttpRequest<?> request) {
    return request.getAttribute(CONNECTION_ID, String.class);
  }

  private static boolean isWebSocketUpgrade(HttpRequest<?> request) {
    return request.getHeaders().contains(HttpHeaders.UPGRADE)
        && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeaders.UPGRADE));
  }

  /** The integration's own error status, or 502 when it answered something else than an error. */
  private static HttpResponse<?> rejection(int integrationStatus) {
    int status = integrationStatus >= 400 && integrationStatus <= 599 ? integrationStatus : 502;
    String reason = reasonPhrase(status);
    return HttpResponse.status(status, reason)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ManagementApiResponses.Message(reason));
  }

  private static String reasonPhrase(int status) {
    try {
      return HttpStatus.valueOf(status).getReason();
    } catch (IllegalArgumentException unknownStatus) {
      return "Connection refused";
    }
  }

  /** Each query parameter's first value, as API Gateway's {@code queryStringParameters}. */
  private static Map<String, String> queryStringParameters(HttpRequest<?> request) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String name : request.getParameters().names()) {
      request.getParameters().getFirst(name).ifPresent(value -> parameters.put(name, value));
    }
    return parameters;
  }

  private static Identity identityOf(HttpRequest<?> request) {
    return new Identity(sourceIp(request.getRemoteAddress()), userAgent(request));
  }

  private static String sourceIp(@Nullable InetSocketAddress remote) {
    if (remote == null) {
      return "127.0.0.1";
    }
    InetAddress address = remote.getAddress();
    return address == null ? remote.getHostString() : address.getHostAddress();
  }

  private static @Nullable String userAgent(HttpRequest<?> request) {
    return request.getHeaders().get(HttpHeaders.USER_AGENT);
  }
}
