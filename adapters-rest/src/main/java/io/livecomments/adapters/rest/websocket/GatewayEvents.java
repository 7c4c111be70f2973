package io.livecomments.adapters.rest.websocket;

import io.livecomments.adapters.rest.websocket.GatewayEvent.RequestContext;
import io.livecomments.domain.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the gateway's event in either of its two styles. JSON style: the body is the event ({@link
 * GatewayEvent}), as API Gateway's HTTP integration with a request template or a forwarding Lambda
 * sends it. Proxy style, recognised by {@value #CONNECTION_ID}: API Gateway's {@code HTTP_PROXY}
 * integration cannot build that body, so the event's fields travel as headers, the {@code $connect}
 * query parameters as this request's own query string, and the client's frame as the raw body,
 * whatever it looks like. Any other header, such as the WebSocket handshake headers API Gateway
 * forwards on {@code $connect}, is ignored.
 */
@Singleton
public class GatewayEvents {

  /** {@code context.connectionId}; its presence is what marks a proxy-style call. */
  public static final String CONNECTION_ID = "X-Connection-Id";

  /** {@code context.eventType}: {@code CONNECT}, {@code MESSAGE} or {@code DISCONNECT}. */
  public static final String EVENT_TYPE = "X-Event-Type";

  /** {@code context.routeKey}: {@code $connect}, {@code $default}, … */
  public static final String ROUTE_KEY = "X-Route-Key";

  /** {@code context.requestId}, which also serves as this request's id. */
  public static final String REQUEST_ID = "X-Request-Id";

  private final JsonMapper json;

  public GatewayEvents(JsonMapper json) {
    this.json = json;
  }

  public GatewayEvent read(HttpRequest<?> request, @Nullable String body) {
    HttpHeaders headers = request.getHeaders();
    if (headers.contains(CONNECTION_ID)) {
      return new GatewayEvent(
          new RequestContext(
              headers.get(CONNECTION_ID),
              headers.get(ROUTE_KEY),
              headers.get(EVENT_TYPE),
              headers.get(REQUEST_ID)),
          query(request.getParameters()),
          body);
    }
    return fromJson(body);
  }

  private GatewayEvent fromJson(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidValueException(
          "requestContext",
          "Send the event as JSON with requestContext.connectionId, or in proxy style with "
              + CONNECTION_ID);
    }
    GatewayEvent event;
    try {
      event = json.readValue(body.getBytes(StandardCharsets.UTF_8), GatewayEvent.class);
    } catch (IOException | RuntimeException e) {
      throw new InvalidValueException(
          "body", "The request body is not a JSON object of the expected shape");
    }
    if (event == null) {
      throw new InvalidValueException("requestContext", "requestContext is required");
    }
    return event;
  }

  /**
   * The query string as {@code queryStringParameters}. A parameter given several times is joined
   * with commas, which is how {@code postId} lists several posts anyway.
   */
  private static Map<String, String> query(HttpParameters parameters) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String name : parameters.names()) {
      query.put(name, String.join(",", parameters.getAll(name)));
    }
    return query;
  }
}
