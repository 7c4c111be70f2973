package io.livecomments.infrastructure;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.infrastructure.GatewayReplay.IntegrationRequest;
import io.livecomments.infrastructure.GatewayReplay.Response;
import io.livecomments.infrastructure.RecordingManagementApi.Push;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthesized stack's WebSocket routes replayed against the service: for sample events, the
 * requests API Gateway would send through each route's {@code HTTP_PROXY} integration, built only
 * from the template's mappings ({@link GatewayReplay}), go to the packaged service started with the
 * task definition's environment and secret ({@link ServiceJar}); the effects are seen through the
 * service's own API and the pushes at a recording Management API. A mapping that breaks (a header
 * from the wrong {@code $context} variable, a query parameter no longer mapped or declared, the
 * secret header gone) breaks these tests.
 */
class ProxyIntegrationReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The secret's value in this test, as Secrets Manager would generate it: letters and digits. */
  private static final String SECRET =
      UUID.randomUUID().toString().replace("-", "") + "Replay0Secret";

  private static final Duration PUSH_WAIT = Duration.ofSeconds(15);

  private static Synthesis synthesis;
  private static GatewayReplay gateway;
  private static RecordingManagementApi managementApi;
  private static ServiceJar service;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    synthesis =
        Synthesis.of(
            Map.of(
                "stage", "dev",
                "authMode", "dev",
                "imageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/livecomments:1.0.0",
                "extraRoutes", List.of("sendmessage")));
    Cfn cfn = synthesis.cfn();
    Set<String> secrets = cfn.resources("AWS::SecretsManager::Secret").keySet();
    assertEquals(1, secrets.size(), "the integration secret: " + secrets);
    TemplateValues values = new TemplateValues(cfn, Map.of(secrets.iterator().next(), SECRET));
    gateway = new GatewayReplay(cfn, values);
    managementApi = new RecordingManagementApi();
    service = ServiceJar.start(cfn, values, managementApi);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (managementApi != null) {
      managementApi.close();
    }
  }

  @Test
  void theServiceRunsAsTheTaskDefinitionConfiguresIt() {
    Map<String, String> environment = service.environment();
    assertEquals(SECRET, environment.get("LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET"));
    assertEquals("false", environment.get("LIVECOMMENTS_LOCAL_GATEWAY_ENABLED"));
    assertEquals("dev", environment.get("LIVECOMMENTS_AUTH_MODE"));
    assertTrue(
        environment.get(ServiceJar.MANAGEMENT_ENDPOINT).endsWith("/" + gateway.stage()),
        "pushes go to the stage's callback URL: " + environment);
  }

  @Test
  void aConnectionIsRegisteredWithItsSubscriptionsAnswersFramesAndIsRemovedOnDisconnect() {
    String token = devToken();
    String first = createPost(token);
    String second = createPost(token);
    String third = createPost(token);
    int before = connectionCount();
    String id = GatewayReplay.newConnectionId();

    // batch=1 is mapped too; this build of the service does not batch yet (CONTRACT §5), so only
    // its arrival in the query string is checked.
    Map<String, String> query =
        Map.of("postId", first + "," + second, "token", token, "batch", "1");
    IntegrationRequest connect = gateway.connect(id, query);
    assertEquals("POST", connect.method());
    assertEquals("/api/v1/websocket/connect", connect.uri().getPath());
    assertProxyStyle(connect, "CONNECT", "$connect");
    assertEquals(
        query,
        query(connect.uri()),
        "the $connect query parameters reach the integration's query string");
    Response connected = send(connect);
    assertEquals(200, connected.status(), connected.body());
    assertTrue(connected.body().contains("Connected successfully"), connected.body());
    assertEquals(
        connect.context().get("requestId"),
        connected.header("X-Request-Id"),
        "context.requestId is the service's request id");
    assertEquals(before + 1, connectionCount());

    IntegrationRequest whoami = gateway.message(id, "{\"action\":\"whoami\"}");
    assertEquals("$default", whoami.routeKey());
    assertEquals("/api/v1/websocket/default", whoami.uri().getPath());
    assertProxyStyle(whoami, "MESSAGE", "$default");
    assertEquals("{\"action\":\"whoami\"}", whoami.body(), "the frame is the raw body");
    assertAnswered(send(whoami));
    Push info = awaitPush(id, "connection.info", p -> true);
    assertEquals(id, info.data().get("connectionId"));
    assertEquals("/" + gateway.stage(), info.path(), "pushed to the stage's @connections");
    assertEquals(Set.of(first, second), Set.copyOf(list(info.data().get("subscriptions"))));

    assertAnswered(
        send(gateway.message(id, "{\"action\":\"subscribe\",\"postId\":\"" + third + "\"}")));
    awaitPush(
        id,
        "connection.info",
        p -> Set.copyOf(list(p.data().get("subscriptions"))).equals(Set.of(first, second, third)));
    assertAnswered(send(gateway.message(id, "{\"action\":\"ping\"}")));
    awaitPush(id, "pong", p -> true);

    // Registered with its subscriptions: a comment on one of its posts is pushed to it.
    String commentId = comment(first, token, "through the stack's mappings");
    awaitPush(id, "comment.created", p -> commentOf(p).equals(commentId));

    IntegrationRequest disconnect = gateway.disconnect(id);
    assertEquals("/api/v1/websocket/disconnect", disconnect.uri().getPath());
    assertProxyStyle(disconnect, "DISCONNECT", "$disconnect");
    Response disconnected = send(disconnect);
    assertEquals(200, disconnected.status(), disconnected.body());
    assertTrue(disconnected.body().contains("Disconnected successfully"), disconnected.body());
    assertEquals(before, connectionCount());

    // Gone from the audience: a connection still subscribed to the post hears the next comment,
    // the disconnected one does not.
    String witness = GatewayReplay.newConnectionId();
    assertEquals(200, send(gateway.connect(witness, Map.of("postId", first))).status());
    String later = comment(first, token, "after the disconnect");
    awaitPush(witness, "comment.created", p -> commentOf(p).equals(later));
    assertTrue(
        managementApi.pushesTo(id).stream()
            .filter(p -> p.type().equals("comment.created"))
            .noneMatch(p -> commentOf(p).equals(later)),
        "a disconnected connection receives nothing");
    assertEquals(200, send(gateway.disconnect(witness)).status());
  }

  @Test
  void aTokenThatIsNoValidJwtRejectsTheConnection() {
    int before = connectionCount();
    Response rejected =
        send(gateway.connect(GatewayReplay.newConnectionId(), Map.of("token", "not.a.jwt")));
    assertEquals(401, rejected.status(), rejected.body());
    assertEquals(before, connectionCount());
  }

  @Test
  void theIntegrationSecretReachesTheServiceWhichRefusesEveryRouteWithoutIt() {
    String id = GatewayReplay.newConnectionId();
    int before = connectionCount();
    List<IntegrationRequest> requests =
        List.of(
            gateway.connect(id, Map.of()),
            gateway.message(id, "{\"action\":\"whoami\"}"),
            gateway.disconnect(id));
    for (IntegrationRequest request : requests) {
      assertEquals(SECRET, request.header("X-Integration-Secret"), request.routeKey());
      Response without = send(request.without("X-Integration-Secret"));
      assertEquals(403, without.status(), request.routeKey() + ": " + without.body());
      Response wrong = send(request.with("X-Integration-Secret", SECRET.substring(1) + "x"));
      assertEquals(403, wrong.status(), request.routeKey() + ": " + wrong.body());
    }
    assertEquals(before, connectionCount(), "no connect got through");
    assertTrue(managementApi.pushesTo(id).isEmpty(), "no frame got through");

    // The same requests as the template builds them, secret included, get through.
    assertEquals(200, send(requests.get(0)).status());
    assertEquals(before + 1, connectionCount());
    assertAnswered(send(requests.get(1)));
    awaitPush(id, "connection.info", p -> true);
    assertEquals(200, send(requests.get(2)).status());
    assertEquals(before, connectionCount());
  }

  @Test
  void aFrameForAnExtraRouteTakesThatRouteToTheDefaultEndpoint() {
    Set<String> extra = new HashSet<>(gateway.routeKeys());
    extra.removeAll(Set.of("$connect", "$disconnect", "$default"));
    assertEquals(Set.of("sendmessage"), extra, "the context's extraRoutes");
    String id = GatewayReplay.newConnectionId();
    assertEquals(200, send(gateway.connect(id, Map.of())).status());
    IntegrationRequest frame = gateway.message(id, "{\"action\":\"sendmessage\",\"text\":\"hi\"}");
    assertEquals("sendmessage", frame.routeKey(), "the route selection expression picks it");
    assertEquals("/api/v1/websocket/default", frame.uri().getPath());
    assertProxyStyle(frame, "MESSAGE", "sendmessage");
    assertAnswered(send(frame));
    // The service knows no such action: it says so to that connection and keeps it.
    Push error = awaitPush(id, "error", p -> true);
    assertTrue(String.valueOf(error.data().get("message")).contains("sendmessage"), error.body());
    assertEquals(200, send(gateway.disconnect(id)).status());
  }

  /** CONTRACT §4's proxy-style headers, from the sample event's $context. */
  private static void assertProxyStyle(
      IntegrationRequest request, String eventType, String routeKey) {
    Map<String, String> context = request.context();
    assertEquals(context.get("connectionId"), request.header("X-Connection-Id"));
    assertEquals(eventType, request.header("X-Event-Type"));
    assertEquals(routeKey, request.header("X-Route-Key"));
    assertEquals(context.get("requestId"), request.header("X-Request-Id"));
    assertEquals(SECRET, request.header("X-Integration-Secret"));
  }

  private static void assertAnswered(Response response) {
    assertEquals(200, response.status(), response.body());
  }

  private static Response send(IntegrationRequest request) {
    return GatewayReplay.send(request, service.base());
  }

  private static Push awaitPush(
      String connectionId, String type, java.util.function.Predicate<Push> matching) {
    return await("a " + type + " push to " + connectionId)
        .atMost(PUSH_WAIT)
        .until(
            () ->
                managementApi.pushesTo(connectionId).stream()
                    .filter(p -> p.type().equals(type))
                    .filter(matching)
                    .findFirst()
                    .orElse(null),
            push -> push != null);
  }

  @SuppressWarnings("unchecked")
  private static String commentOf(Push push) {
    return (String) ((Map<String, Object>) push.data().get("comment")).get("id");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  private static Map<String, String> query(URI uri) {
    return Arrays.stream(uri.getRawQuery().split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(
            Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
  }

  // The service's REST API, to make posts and comments and to count connections.

  private static String devToken() {
    return (String)
        rest(
                "POST",
                "/api/v1/dev/tokens",
                null,
                Map.of("userId", "u-" + UUID.randomUUID(), "username", "replay"),
                200)
            .get("token");
  }

  private static String createPost(String token) {
    return (String)
        rest("POST", "/api/v1/posts", token, Map.of("title", "replayed"), 201).get("id");
  }

  private static String comment(String post, String token, String content) {
    return (String)
        rest("POST", "/api/v1/posts/" + post + "/comments", token, Map.of("content", content), 201)
            .get("id");
  }

  private static int connectionCount() {
    return ((Number)
            rest("GET", "/api/v1/websocket/connections", null, null, 200).get("connectionCount"))
        .intValue();
  }

  private static Map<String, Object> rest(
      String method, String path, String token, Object body, int expected) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(service.base().resolve(path))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .header("Content-Type", "application/json");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
      return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
