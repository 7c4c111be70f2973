package io.livecomments;

import io.livecomments.Api.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two ways API Gateway may call the integration endpoints (CONTRACT §4), so that a test of
 * those endpoints runs in both: the event as a JSON body, or proxy style with the event's fields in
 * headers, the query parameters in the query string and the client's frame as the raw body.
 */
enum IntegrationStyle {
  JSON {
    @Override
    Reply send(
        Api api,
        String route,
        String connectionId,
        Map<String, String> query,
        String frame,
        String... headers) {
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("connectionId", connectionId);
      context.put("routeKey", "$" + routeKey(route));
      context.put("eventType", eventType(route));
      context.put("requestId", "req-json");
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("requestContext", context);
      if (!query.isEmpty()) {
        event.put("queryStringParameters", query);
      }
      if (frame != null) {
        event.put("body", frame);
      }
      return api.post("/api/v1/websocket/" + route, null, Api.json(event), headers);
    }
  },
  PROXY {
    @Override
    Reply send(
        Api api,
        String route,
        String connectionId,
        Map<String, String> query,
        String frame,
        String... headers) {
      String queryString =
          query.entrySet().stream()
              .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
              .collect(Collectors.joining("&"));
      List<String> all = new ArrayList<>();
      all.addAll(
          List.of(
              "X-Connection-Id",
              connectionId,
              "X-Route-Key",
              "$" + routeKey(route),
              "X-Event-Type",
              eventType(route),
              "X-Request-Id",
              "req-proxy"));
      if (frame != null) {
        all.addAll(List.of("Content-Type", "text/plain; charset=utf-8"));
      }
      all.addAll(List.of(headers));
      return api.post(
          "/api/v1/websocket/" + route + (queryString.isEmpty() ? "" : "?" + queryString),
          null,
          frame,
          all.toArray(String[]::new));
    }
  };

  /** Calls {@code /api/v1/websocket/{route}} for this connection, with extra headers if any. */
  abstract Reply send(
      Api api,
      String route,
      String connectionId,
      Map<String, String> query,
      String frame,
      String... headers);

  Reply connect(Api api, String connectionId, Map<String, String> query, String... headers) {
    return send(api, "connect", connectionId, query, null, headers);
  }

  Reply disconnect(Api api, String connectionId, String... headers) {
    return send(api, "disconnect", connectionId, Map.of(), null, headers);
  }

  Reply message(Api api, String connectionId, String frame, String... headers) {
    return send(api, "default", connectionId, Map.of(), frame, headers);
  }

  private static String routeKey(String route) {
    return route.replaceAll("/+$", "");
  }

  private static String eventType(String route) {
    return switch (routeKey(route)) {
      case "connect" -> "CONNECT";
      case "disconnect" -> "DISCONNECT";
      default -> "MESSAGE";
    };
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
