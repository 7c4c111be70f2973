package io.livecomments.adapters.rest.websocket;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * What API Gateway's HTTP integration (or a forwarding Lambda) sends for {@code $connect}, {@code
 * $disconnect} and {@code $default}. Only the fields we use are read; the rest are ignored.
 */
@Serdeable
public record GatewayEvent(
    @Nullable RequestContext requestContext,
    @Nullable Map<String, String> queryStringParameters,
    @Nullable String body) {

  @Serdeable
  public record RequestContext(
      @Nullable String connectionId,
      @Nullable String routeKey,
      @Nullable String eventType,
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
