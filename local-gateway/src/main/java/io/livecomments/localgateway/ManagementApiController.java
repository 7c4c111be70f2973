package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code @connections} Management API, with and without a stage prefix, as the AWS SDK's {@code
 * ApiGatewayManagementApiAsyncClient} calls it. Requests are not signature-checked: like the rest
 * of the local gateway it exists only when no real API Gateway is configured.
 *
 * <p>Most pushes never reach this controller: {@link ManagementApiFastPath} answers a plain {@code
 * POST} on the connection's event loop. This one answers what the fast path passes on (a chunked or
 * oversized body, {@code Expect: 100-continue}, a request pipelined behind another, HTTP/2) and
 * {@code GET} and {@code DELETE}.
 */
@Controller
@Requires(condition = LocalGatewayEnabledCondition.class)
@Secured(SecurityRule.IS_ANONYMOUS)
@Produces(MediaType.APPLICATION_JSON)
public class ManagementApiController {

  private static final String CONNECTION = "/@connections/{connectionId}";
  private static final String STAGED_CONNECTION = "/{stage}" + CONNECTION;

  private final LocalConnections connections;

  public ManagementApiController(LocalConnections connections) {
    this.connections = connections;
  }

  /**
   * Sends the body, whatever its content type, as one text frame. The size check is ours because
   * the server's own request limit is set a little higher than API Gateway's.
   */
  @Post(uris = {CONNECTION, STAGED_CONNECTION})
  @Consumes(MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> postToConnection(
      @PathVariable String connectionId, @Nullable @Body byte[] body) {
    if (body != null && body.length > LocalGatewayConfiguration.MAX_MESSAGE_BYTES) {
      return CompletableFuture.completedFuture(ManagementApiResponses.payloadTooLarge());
    }
    // Micronaut binds a missing body as null; it is an empty message, which is still a frame.
    String frame = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    return connections
        .push(connectionId, frame)
        .thenApply(sent -> sent ? HttpResponse.noContent() : ManagementApiResponses.gone());
  }

  @Get(uris = {CONNECTION, STAGED_CONNECTION})
  public HttpResponse<?> getConnection(@PathVariable String connectionId) {
    return connections
        .find(connectionId)
        .<HttpResponse<?>>map(connection -> HttpResponse.ok(ConnectionInfo.of(connection)))
        .orElseGet(ManagementApiResponses::gone);
  }

  @Delete(uris = {CONNECTION, STAGED_CONNECTION})
  public HttpResponse<?> deleteConnection(@PathVariable String connectionId) {
    return connections
        .find(connectionId)
        .<HttpResponse<?>>map(
            connection -> {
              connections.drop(connection, CloseReason.NORMAL);
              return HttpResponse.noContent();
            })
        .orElseGet(ManagementApiResponses::gone);
  }

  /**
   * {@code GET @connections/{id}}'s body. Times are ISO-8601 strings here rather than left to the
   * application's date settings, because the SDK parses exactly that.
   */
  @Serdeable
  public record ConnectionInfo(String connectedAt, String lastActiveAt, Identity identity) {

    static ConnectionInfo of(LocalConnection connection) {
      return new ConnectionInfo(
          iso(connection.connectedAt()), iso(connection.lastActiveAt()), connection.identity());
    }

    private static String iso(Instant instant) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
  }
}
