package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /{stage}/broadcast/comments}: the fan-out bridge that the {@code http-bridge} mode
 * posts each message to once, standing in for the Lambda that does this on AWS.
 */
@Controller
@Requires(condition = LocalGatewayEnabledCondition.class)
@Secured(SecurityRule.IS_ANONYMOUS)
@Produces(MediaType.APPLICATION_JSON)
public class BridgeController {

  private final LocalConnections connections;

  public BridgeController(LocalConnections connections) {
    this.connections = connections;
  }

  /** Sends the body to every open connection; the same 128 KiB frame limit applies. */
  @Post("/{stage}/broadcast/comments")
  @Consumes(MediaType.ALL)
  public HttpResponse<?> broadcast(@Nullable @Body byte[] body) {
    if (body != null && body.length > LocalGatewayConfiguration.MAX_MESSAGE_BYTES) {
      return ManagementApiResponses.payloadTooLarge();
    }
    // Micronaut binds a missing body as null; it is an empty message, which is still a frame.
    String frame = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    int count = 0;
    for (LocalConnection connection : connections.all()) {
      if (connection.isOpen()) {
        connection.send(frame);
        count++;
      }
    }
    return HttpResponse.ok(new Broadcast(count));
  }

  @Serdeable
  public record Broadcast(int connectionCount) {}
}
