package io.livecomments.adapters.rest.websocket;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * What API Gateway's HTTP integration (or a forwarding Lambda) sends for {@code $connect}, {@code
 * $disconnect} and {@code $default}. Only the fields we use are read; the rest are ignored.
 */
@Serdeable
@Schema(
    name = "GatewayEvent",
    description = "A JSON-style integration call: the event; unknown fields are ignored")
public record GatewayEvent(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false) @Nullable
        RequestContext requestContext,
    @Schema(description = "$connect: postId (one or several, comma-separated) and token") @Nullable
        Map<String, String> queryStringParameters,
    @Schema(description = "$default: the client's frame, as a string") @Nullable String body) {

  @Serdeable
  @Schema(description = "Who and what the event is about")
  public record RequestContext(
      @Schema(
              description = "API Gateway's id of the WebSocket connection",
              requiredMode = Schema.RequiredMode.REQUIRED,
              example = "L0SM9cOFvHcCIhw=")
          @Nullable
          String connectionId,
      @Schema(example = "$connect") @Nullable String routeKey,
      @Schema(example = "CONNECT") @Nullable String eventType,
      @Nullable String requestId) {}

  public ConnectionId connectionId() {
    if (requestContext == null) {
      throw new InvalidValueException("requestContext", "requestContext is required");
    }
    return new ConnectionId(requestContext.connectionId());
  }

  public @Nullable String query(String name) {
    return queryStringParameters == null ? null : queryStringParameters.get(name);
  }
}
