package io.livecomments.infrastructure;

import static io.livecomments.infrastructure.Cfn.map;
import static io.livecomments.infrastructure.Cfn.props;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * API Gateway's side of the synthesized WebSocket API: for a sample event (a connect with its query
 * string, a client's frame, a disconnect), the HTTP request that the route's {@code HTTP_PROXY}
 * integration sends to the backend, built only from what the template says: the API's route
 * selection expression, each route's declared request parameters, the integration's method, URI and
 * request parameter mappings. The mappings are interpreted as API Gateway documents them
 * ("WebSocket API data mapping"): {@code context.*}, {@code route.request.querystring.*} and {@code
 * route.request.header.*} (on {@code $connect} only, and only once the route declares them), and
 * static {@code 'values'}; any other source or target fails, so a mapping this replay does not
 * understand is never silently dropped.
 */
final class GatewayReplay {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sample connection ids and request ids look like API Gateway's: base64 with a '='. */
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** The request API Gateway sends. {@code uri} is the integration's, with the mapped query. */
  record IntegrationRequest(
      String routeKey,
      Map<String, String> context,
      String method,
      URI uri,
      Map<String, String> headers,
      String body) {

    /** The header's value whatever its case, or null. */
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    /** The same request without that header, as a caller other than API Gateway would send it. */
    IntegrationRequest without(String name) {
      Map<String, String> fewer = new LinkedHashMap<>(headers);
      fewer.keySet().removeIf(key -> key.equalsIgnoreCase(name));
      return new IntegrationRequest(routeKey, context, method, uri, fewer, body);
    }

    /** The same request with that header set to this value. */
    IntegrationRequest with(String name, String value) {
      Map<String, String> changed = new LinkedHashMap<>(without(name).headers());
      changed.put(name, value);
      return new IntegrationRequest(routeKey, context, method, uri, changed, body);
    }
  }

  /** The backend's answer. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private record Route(Map<String, Object> route, Map<String, Object> integration) {}

  private final TemplateValues values;
  private final String apiId;
  private final String stage;
  private final String selectionExpression;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  GatewayReplay(Cfn cfn, TemplateValues values) {
    this.values = values;
    String api = cfn.only("AWS::ApiGatewayV2::Api", "ProtocolType", "WEBSOCKET").getKey();
    Map<String, Object> ref = Map.of("Ref", api);
    this.apiId = values.text(ref);
    this.selectionExpression = (String) props(cfn.resource(api)).get("RouteSelectionExpression");
    List<Map<String, Object>> stages =
        cfn.resources("AWS::ApiGatewayV2::Stage").values().stream()
            .map(Cfn::props)
            .filter(s -> ref.equals(s.get("ApiId")))
            .toList();
    if (stages.size() != 1) {
      throw new AssertionError("one stage of the WebSocket API expected: " + stages);
    }
    this.stage = values.text(stages.get(0).get("StageName"));
    for (Map<String, Object> route :
        cfn.resources("AWS::ApiGatewayV2::Route").values().stream()
            .map(Cfn::props)
            .filter(r -> ref.equals(r.get("ApiId")))
            .toList()) {
      String target = Cfn.text(route.get("Target"));
      if (!target.matches("integrations/\\{Ref:\\w+}")) {
        throw new AssertionError("a route's target is not an integration of the stack: " + target);
      }
      String integration = target.substring("integrations/{Ref:".length(), target.length() - 1);
      routes.put(
          (String) route.get("RouteKey"), new Route(route, props(cfn.resource(integration))));
    }
  }

  Set<String> routeKeys() {
    return routes.keySet();
  }

  String stage() {
    return stage;
  }

  /** A new connection id, as API Gateway would give one. */
  static String newConnectionId() {
    return "Rpl" + String.format("%08d", SEQUENCE.incrementAndGet()) + "cIhw=";
  }

  /** A client connects with this query string (parameters absent from it are not sent). */
  IntegrationRequest connect(String connectionId, Map<String, String> query) {
    return request("$connect", "CONNECT", connectionId, query, null);
  }

  /** A client sends this frame: the route the selection expression picks, else $default. */
  IntegrationRequest message(String connectionId, String frame) {
    return request(select(frame), "MESSAGE", connectionId, Map.of(), frame);
  }

  IntegrationRequest disconnect(String connectionId) {
    return request("$disconnect", "DISCONNECT", connectionId, Map.of(), null);
  }

  /** The route API Gateway picks for a frame, by the API's route selection expression. */
  String select(String frame) {
    if (!selectionExpression.startsWith("$request.body.")) {
      throw new AssertionError("selection expression not understood: " + selectionExpression);
    }
    JsonNode node;
    try {
      node = JSON.readTree(frame);
    } catch (IOException e) {
      node = null; // not JSON: no route key, so $default
    }
    for (String field : selectionExpression.substring("$request.body.".length()).split("\\.")) {
      node = node == null ? null : node.get(field);
    }
    String key = node != null && node.isTextual() ? node.asText() : null;
    return key != null && routes.containsKey(key) ? key : "$default";
  }

  private IntegrationRequest request(
      String routeKey,
      String eventType,
      String connectionId,
      Map<String, String> query,
      String frame) {
    Route route = routes.get(routeKey);
    if (route == null) {
      throw new AssertionError("the template has no route " + routeKey);
    }
    Map<String, Object> integration = route.integration();
    if (!"HTTP_PROXY".equals(integration.get("IntegrationType"))) {
      throw new AssertionError(
          routeKey + ": this replay models HTTP_PROXY integrations, not " + integration);
    }
    int n = SEQUENCE.incrementAndGet();
    Map<String, String> context = new LinkedHashMap<>();
    context.put("connectionId", connectionId);
    context.put("eventType", eventType);
    context.put("routeKey", routeKey);
    context.put("requestId", "Req" + String.format("%08d", n) + "F-7A=");
    context.put("extendedRequestId", "Ext" + String.format("%08d", n) + "F-7A=");
    context.put("apiId", apiId);
    context.put("stage", stage);
    context.put("domainName", apiId + ".execute-api." + TemplateValues.REGION + ".amazonaws.com");
    context.put("connectedAt", "1767225600000");
    context.put("requestTimeEpoch", Long.toString(1767225600000L + n));
    context.put("identity.sourceIp", "203.0.113.7");
    if (eventType.equals("MESSAGE")) {
      context.put("messageId", "Msg" + String.format("%08d", n) + "=");
    }

    // What API Gateway adds by itself (research notes): on $connect the browser's handshake
    // headers, which the backend must ignore; its own headers on every call.
    Map<String, String> clientHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, String> headers = new LinkedHashMap<>();
    if (eventType.equals("CONNECT")) {
      clientHeaders.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
      clientHeaders.put("Sec-WebSocket-Version", "13");
      clientHeaders.put("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
      clientHeaders.put("Origin", "https://comments.example.com");
      headers.putAll(clientHeaders);
      headers.put("X-Forwarded-For", "203.0.113.7");
      headers.put("X-Forwarded-Proto", "https");
      headers.put("X-Forwarded-Port", "443");
    }
    headers.put("User-Agent", "AmazonAPIGateway_" + apiId);
    headers.put("x-amzn-apigateway-api-id", apiId);
    headers.put("X-Amzn-Trace-Id", "Root=1-00000000-" + String.format("%024d", n));

    Map<String, Object> declared =
        route.route().get("RequestParameters") == null
            ? Map.of()
            : map(route.route().get("RequestParameters"));
    Map<String, String> integrationQuery = new LinkedHashMap<>();
    Object mappings = integration.get("RequestParameters");
    for (Map.Entry<String, Object> mapping :
        (mappings == null ? Map.<String, Object>of() : map(mappings)).entrySet()) {
      String target = mapping.getKey();
      String value =
          source(
              routeKey, values.text(mapping.getValue()), declared, context, query, clientHeaders);
      if (target.startsWith("integration.request.header.")) {
        String name = target.substring("integration.request.header.".length());
        headers.keySet().removeIf(key -> key.equalsIgnoreCase(name));
        if (value != null) {
          headers.put(name, value);
        }
      } else if (target.startsWith("integration.request.querystring.")) {
        if (value != null) {
          integrationQuery.put(
              target.substring("integration.request.querystring.".length()), value);
        }
      } else {
        throw new AssertionError(routeKey + ": mapping target not understood: " + target);
      }
    }

    URI base = URI.create(values.text(integration.get("IntegrationUri")));
    String rawQuery =
        integrationQuery.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    URI uri = URI.create(base + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    return new IntegrationRequest(
        routeKey,
        Map.copyOf(context),
        (String) integration.get("IntegrationMethod"),
        uri,
        headers,
        // HTTP_PROXY: the frame unchanged on a message, no body on $connect and $disconnect.
        eventType.equals("MESSAGE") ? frame : "");
  }

  /** A mapping's source expression evaluated for one event; null when the value is absent. */
  private static String source(
      String routeKey,
      String expression,
      Map<String, Object> declared,
      Map<String, String> context,
      Map<String, String> query,
      Map<String, String> clientHeaders) {
    if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
      return expression.substring(1, expression.length() - 1);
    }
    if (expression.startsWith("context.")) {
      String value = context.get(expression.substring("context.".length()));
      if (value == null) {
        throw new AssertionError(
            routeKey + ": " + expression + " is no $context variable of this event");
      }
      return value;
    }
    for (String kind : List.of("querystring", "header")) {
      String prefix = "route.request." + kind + ".";
      if (expression.startsWith(prefix)) {
        if (!routeKey.equals("$connect")) {
          throw new AssertionError(
              routeKey + ": API Gateway maps " + expression + " on $connect only");
        }
        if (!declared.containsKey(expression)) {
          throw new AssertionError(
              routeKey + ": " + expression + " is mapped but the route does not declare it");
        }
        String name = expression.substring(prefix.length());
        return kind.equals("querystring") ? query.get(name) : clientHeaders.get(name);
      }
    }
    throw new AssertionError(routeKey + ": mapping source not understood: " + expression);
  }

  /**
   * Sends the request to the service at {@code service} (the VPC link's part: the integration URI's
   * host names the load balancer, which is kept as the Host header) and reads the answer.
   */
  static Response send(IntegrationRequest request, URI service) {
    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(request.method())
        .append(' ')
        .append(request.uri().getRawPath())
        .append(request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery())
        .append(" HTTP/1.1\r\n");
    head.append("Host: ").append(request.uri().getRawAuthority()).append("\r\n");
    request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(service.getHost(), service.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(byte[] raw) throws IOException {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no HTTP response: " + all);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunked(new java.io.ByteArrayInputStream(rest));
    }
    return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          return out.toByteArray();
        }
        size.append((char) c);
      }
      int length = Integer.parseInt(size.toString().trim().split(";")[0], 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(length));
      in.readNBytes(2);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
