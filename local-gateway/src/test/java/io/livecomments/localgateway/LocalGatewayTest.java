package io.livecomments.localgateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.localgateway.FakeBackend.Call;
import io.livecomments.localgateway.RunningGateway.Client;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.filters.SecurityFilter;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalGatewayTest {

  private static final String SECRET = "s3cret";
  private static final int LIMIT = 128 * 1024;

  private RunningGateway gateway;
  private JsonMapper json;

  @BeforeAll
  void start() {
    gateway =
        new RunningGateway(
            Map.of(
                "livecomments.local-gateway.integration-secret",
                SECRET,
                "livecomments.local-gateway.stage",
                "test-stage"));
    json = gateway.context().getBean(JsonMapper.class);
    // The application requires @Secured on every route; the gateway's routes must pass anyway.
    assertTrue(gateway.context().containsBean(SecurityFilter.class));
  }

  @AfterEach
  void closeSockets() {
    gateway.closeSockets();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void connectingPassesTheQueryToTheIntegrationWithTheSecret() throws Exception {
    Client client = gateway.connect("postId=p1,p2&token=abc");

    Call connect = gateway.backend().calls("connect", client.connectionId()).get(0);
    assertEquals(SECRET, connect.secret());
    Map<String, Object> context = connect.requestContext();
    assertEquals("$connect", context.get("routeKey"));
    assertEquals("CONNECT", context.get("eventType"));
    assertEquals("test-stage", context.get("stage"));
    assertEquals("local", context.get("apiId"));
    assertNotNull(context.get("requestId"));
    assertEquals(context.get("requestId"), connect.requestIdHeader(), "so that logs correlate");
    long connectedAt = ((Number) context.get("connectedAt")).longValue();
    assertTrue(Math.abs(System.currentTimeMillis() - connectedAt) < 60_000);
    @SuppressWarnings("unchecked")
    Map<String, Object> identity = (Map<String, Object>) context.get("identity");
    assertEquals("127.0.0.1", identity.get("sourceIp"));
    assertEquals(TestSocket.USER_AGENT, identity.get("userAgent"));
    assertEquals("p1,p2", connect.query().get("postId"));
    assertEquals("abc", connect.query().get("token"));
    assertFalse(connect.json().containsKey("body"));
  }

  @Test
  void connectionIdsLookLikeApiGatewaysAndArePassedOnUnchanged() throws Exception {
    Client client = gateway.connect("");

    assertEquals(16, client.connectionId().length());
    assertTrue(client.connectionId().matches("[A-Za-z0-9+/]{15}="), client.connectionId());
  }

  @Test
  void aConnectTheIntegrationRefusesFailsTheHandshake() throws Exception {
    String tag = "refused-" + UUID.randomUUID();
    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () ->
                TestSocket.attempt(gateway.ws("?reject=yes&client=" + tag))
                    .get(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS));

    WebSocketHandshakeException handshake =
        assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
    assertEquals(403, handshake.getResponse().statusCode());
    String id = gateway.backend().connectOf(tag).orElseThrow().connectionId();
    assertTrue(gateway.connections().find(id).isEmpty());
    assertEquals(410, gateway.get("/@connections/" + RunningGateway.encode(id)).statusCode());
    assertTrue(gateway.backend().calls("disconnect", id).isEmpty(), "it never connected");
  }

  @Test
  void clientFramesReachDefaultInOrderWithTheirExactText() throws Exception {
    Client client = gateway.connect("");
    List<String> frames = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> frames.add("{\"action\":\"ping\",\"n\":" + i + "}"));
    frames.add("not json at all: \"quotes\" and ünïcödé");
    frames.forEach(client.socket()::send);

    Await.until(
        "every frame was forwarded",
        () -> gateway.backend().calls("default", client.connectionId()).size() == frames.size());

    List<Call> calls = gateway.backend().calls("default", client.connectionId());
    assertEquals(frames, calls.stream().map(call -> (String) call.json().get("body")).toList());
    Map<String, Object> context = calls.get(0).requestContext();
    assertEquals("$default", context.get("routeKey"));
    assertEquals("MESSAGE", context.get("eventType"));
    assertEquals(SECRET, calls.get(0).secret());
    assertEquals(context.get("requestId"), calls.get(0).requestIdHeader());
    assertTrue(client.socket().messages().isEmpty(), "the integration's answer is not relayed");
  }

  /**
   * Browsers send their first frame the moment the socket opens. Without care Micronaut 4.10 lost
   * about one such frame in thirty; a hundred sockets catch that almost always.
   */
  @Test
  void aFrameSentTheMomentTheSocketOpensIsForwarded() throws Exception {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String tag = "eager-" + i;
      TestSocket socket = TestSocket.open(gateway.ws("?client=" + tag));
      socket.send("first of " + tag);
      tags.add(tag);
      gateway.track(socket);
    }

    for (String tag : tags) {
      String id = gateway.backend().connectOf(tag).orElseThrow().connectionId();
      Await.until(
          "the first frame of " + tag + " was forwarded",
          () -> !gateway.backend().calls("default", id).isEmpty());
      assertEquals(
          "first of " + tag, gateway.backend().calls("default", id).get(0).json().get("body"));
    }
  }

  @Test
  void postingToAnUrlEncodedIdSendsTheBodyAsOneFrame() throws Exception {
    Client client = gateway.connect("");
    String path = "/@connections/" + RunningGateway.encode(client.connectionId());

    HttpResponse<String> response = gateway.post(path, "{\"type\":\"test\",\"data\":{}}");

    assertEquals(204, response.statusCode());
    assertEquals("", response.body());
    Await.until("the frame arrived", () -> client.socket().messages().size() == 1);
    assertEquals("{\"type\":\"test\",\"data\":{}}", client.socket().messages().get(0));
  }

  @Test
  void anyContentTypeIsSentAsItsRawText() throws Exception {
    Client client = gateway.connect("");
    String path = "/dev/@connections/" + RunningGateway.encode(client.connectionId());
    List<String> sent = List.of("plain text", "[1, 2]", "\"a json string\"", "bytes é");

    assertEquals(
        204, gateway.send("POST", path, "text/plain", sent.get(0).getBytes(UTF_8)).statusCode());
    assertEquals(
        204,
        gateway.send("POST", path, "application/json", sent.get(1).getBytes(UTF_8)).statusCode());
    assertEquals(
        204,
        gateway.send("POST", path, "application/json", sent.get(2).getBytes(UTF_8)).statusCode());
    assertEquals(
        204,
        gateway
            .send("POST", path, "application/octet-stream", sent.get(3).getBytes(UTF_8))
            .statusCode());

    assertEquals(204, gateway.send("POST", path, null, new byte[0]).statusCode());

    Await.until("five frames arrived", () -> client.socket().messages().size() == 5);
    assertEquals(sent, client.socket().messages().subList(0, 4));
    assertEquals("", client.socket().messages().get(4));
  }

  @Test
  void idsWithPlusSlashAndEqualsWorkUrlEncodedWithAndWithoutAStage() throws Exception {
    String awkward = "a+b/cdEFGhijk/+=";
    gateway.context().getBean(ScriptedConnectionIds.class).queue(awkward);
    Client client = gateway.connect("");
    assertEquals(awkward, client.connectionId());
    String encoded = RunningGateway.encode(awkward);
    assertEquals("a%2Bb%2FcdEFGhijk%2F%2B%3D", encoded);

    assertEquals(204, gateway.post("/@connections/" + encoded, "one").statusCode());
    assertEquals(204, gateway.post("/production/@connections/" + encoded, "two").statusCode());
    assertEquals(200, gateway.get("/production/@connections/" + encoded).statusCode());

    Await.until("both frames arrived", () -> client.socket().messages().size() == 2);
    assertEquals(List.of("one", "two"), client.socket().messages());
  }

  @Test
  void anEqualsSignEncodedOnlyAsPercent3DIsDecoded() throws Exception {
    String id = "abcdefghijklmno=";
    gateway.context().getBean(ScriptedConnectionIds.class).queue(id);
    Client client = gateway.connect("");

    assertEquals(204, gateway.post("/@connections/abcdefghijklmno%3D", "x").statusCode());
    assertEquals(204, gateway.post("/@connections/abcdefghijklmno=", "y").statusCode());
    Await.until("both frames arrived", () -> client.socket().messages().size() == 2);
  }

  @Test
  void framesPushedDuringConnectArriveFirstOnceTheSocketOpens() throws Exception {
    Client client = gateway.connect("greet=1");

    assertEquals(204, gateway.backend().greetingStatus());
    assertEquals(
        204,
        gateway
            .post("/@connections/" + RunningGateway.encode(client.connectionId()), "after")
            .statusCode());
    Await.until("both frames arrived", () -> client.socket().messages().size() == 2);
    assertEquals(List.of(FakeBackend.GREETING, "after"), client.socket().messages());
  }

  @Test
  void getDescribesTheConnection() throws Exception {
    Client client = gateway.connect("");
    Instant before = Instant.now();
    client.socket().send("activity");
    Await.until(
        "the frame was forwarded",
        () -> !gateway.backend().calls("default", client.connectionId()).isEmpty());

    HttpResponse<String> response =
        gateway.get("/@connections/" + RunningGateway.encode(client.connectionId()));

    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    Map<String, Object> info =
        json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
    Instant connectedAt = Instant.parse((String) info.get("connectedAt"));
    Instant lastActiveAt = Instant.parse((String) info.get("lastActiveAt"));
    assertFalse(lastActiveAt.isBefore(connectedAt));
    assertFalse(lastActiveAt.isBefore(before.minusSeconds(1)));
    assertEquals(
        Map.of("sourceIp", "127.0.0.1", "userAgent", TestSocket.USER_AGENT), info.get("identity"));
  }

  @Test
  void anUnknownIdIsGoneForEveryMethod() throws Exception {
    String path = "/@connections/" + RunningGateway.encode("AAAAAAAAAAAAAAA=");
    for (HttpResponse<String> response :
        List.of(
            gateway.post(path, "x"),
            gateway.get(path),
            gateway.delete(path),
            gateway.post("/s" + path, "x"))) {
      assertEquals(410, response.statusCode());
      assertEquals("GoneException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertEquals(Map.of("message", "Gone"), json.readValue(response.body(), Map.class));
    }
  }

  @Test
  void aPushOver128KiBIsRefusedAndOneOfExactly128KiBIsSent() throws Exception {
    Client client = gateway.connect("");
    String path = "/@connections/" + RunningGateway.encode(client.connectionId());
    byte[] atLimit = new byte[LIMIT];
    Arrays.fill(atLimit, (byte) 'a');
    byte[] overLimit = new byte[LIMIT + 1];
    Arrays.fill(overLimit, (byte) 'b');

    HttpResponse<String> tooLarge = gateway.send("POST", path, "application/json", overLimit);
    HttpResponse<String> fits = gateway.send("POST", path, "application/json", atLimit);

    assertEquals(413, tooLarge.statusCode());
    assertEquals(
        "PayloadTooLargeException", tooLarge.headers().firstValue("x-amzn-ErrorType").orElse(null));
    assertEquals(
        Map.of("message", "Request entity too large"), json.readValue(tooLarge.body(), Map.class));
    assertEquals(204, fits.statusCode());
    Await.until("the frame arrived", () -> client.socket().messages().size() == 1);
    assertEquals(new String(atLimit, UTF_8), client.socket().messages().get(0));
  }

  @Test
  void deleteClosesTheSocketAndCallsDisconnectOnce() throws Exception {
    Client client = gateway.connect("");
    String path = "/@connections/" + RunningGateway.encode(client.connectionId());

    assertEquals(204, gateway.delete(path).statusCode());

    Await.until("the socket closed", client.socket()::isClosed);
    assertEquals(1000, client.socket().closeCode());
    Await.until(
        "disconnect was called",
        () -> gateway.backend().calls("disconnect", client.connectionId()).size() == 1);
    Call disconnect = gateway.backend().calls("disconnect", client.connectionId()).get(0);
    assertEquals("$disconnect", disconnect.requestContext().get("routeKey"));
    assertEquals("DISCONNECT", disconnect.requestContext().get("eventType"));
    assertEquals(SECRET, disconnect.secret());
    assertEquals(disconnect.requestContext().get("requestId"), disconnect.requestIdHeader());
    assertEquals(410, gateway.get(path).statusCode());
    assertEquals(410, gateway.delete(path).statusCode());
  }

  @Test
  void aDisconnectTheBackendAnswersWith5xxIsTriedAgainUntilItIsTaken() throws Exception {
    Client client = gateway.connect("");
    gateway.backend().failDisconnectsOf(client.connectionId(), 2);

    client.socket().close();

    Await.until(
        "disconnect was tried three times",
        () -> gateway.backend().calls("disconnect", client.connectionId()).size() == 3);
    List<Call> calls = gateway.backend().calls("disconnect", client.connectionId());
    assertEquals(
        1,
        calls.stream().map(call -> call.requestContext().get("requestId")).distinct().count(),
        "a retry repeats the same event");
  }

  @Test
  void aClientCloseCallsDisconnectOnce() throws Exception {
    Client client = gateway.connect("");

    client.socket().close();

    Await.until(
        "disconnect was called",
        () -> !gateway.backend().calls("disconnect", client.connectionId()).isEmpty());
    Await.until("the close was answered", client.socket()::isClosed);
    assertEquals(1000, client.socket().closeCode());
    assertEquals(1, gateway.backend().calls("disconnect", client.connectionId()).size());
    assertEquals(
        1000,
        ((Number)
                gateway
                    .backend()
                    .calls("disconnect", client.connectionId())
                    .get(0)
                    .requestContext()
                    .get("disconnectStatusCode"))
            .intValue());
  }

  @Test
  void disconnectIsCalledAfterTheFramesSentBeforeTheClose() throws Exception {
    Client client = gateway.connect("");
    IntStream.range(0, 20).forEach(i -> client.socket().send("frame " + i));

    client.socket().close();

    Await.until(
        "disconnect was called",
        () -> !gateway.backend().calls("disconnect", client.connectionId()).isEmpty());
    List<String> routes =
        gateway.backend().calls().stream()
            .filter(call -> call.connectionId().equals(client.connectionId()))
            .map(Call::route)
            .toList();
    assertEquals(22, routes.size(), routes.toString());
    assertEquals("disconnect", routes.get(routes.size() - 1));
  }

  @Test
  void aDroppedTcpConnectionCallsDisconnect() throws Exception {
    Client client = gateway.connect("");

    client.socket().abort();

    Await.until(
        "disconnect was called",
        () -> !gateway.backend().calls("disconnect", client.connectionId()).isEmpty());
    assertTrue(gateway.connections().find(client.connectionId()).isEmpty());
    assertEquals(
        410,
        gateway.get("/@connections/" + RunningGateway.encode(client.connectionId())).statusCode());
  }

  @Test
  void aClientFrameOver128KiBClosesTheConnectionWith1009() throws Exception {
    Client client = gateway.connect("");

    client.socket().send("c".repeat(LIMIT + 1));

    Await.until("the socket closed", client.socket()::isClosed);
    assertEquals(1009, client.socket().closeCode());
    Await.until(
        "disconnect was called",
        () -> !gateway.backend().calls("disconnect", client.connectionId()).isEmpty());
    assertTrue(gateway.backend().calls("default", client.connectionId()).isEmpty());
  }

  @Test
  void theBridgeSendsToEveryOpenConnectionAndCountsThem() throws Exception {
    Client first = gateway.connect("");
    Client second = gateway.connect("postId=p1");

    HttpResponse<String> response =
        gateway.post("/development/broadcast/comments", "{\"type\":\"comment.created\"}");

    assertEquals(200, response.statusCode());
    assertEquals(Map.of("connectionCount", 2), json.readValue(response.body(), Map.class));
    for (Client client : List.of(first, second)) {
      Await.until("the broadcast arrived", () -> client.socket().messages().size() == 1);
      assertEquals("{\"type\":\"comment.created\"}", client.socket().messages().get(0));
    }
  }
}
