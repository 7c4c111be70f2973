package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What API Gateway's {@code HTTP_PROXY} integration sends (CONTRACT §4, proxy-style input): the
 * event's fields as headers, the {@code $connect} query string as the request's own, the client's
 * frame as the raw body. Real clients connect through the local gateway, whose connection ids the
 * proxy-style calls then name, so every frame's reply is seen arriving over the WebSocket.
 */
@MicronautTest
class ProxyStyleIntegrationTest {

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  private Api api;

  @BeforeEach
  void setUp() {
    api = new Api(server.getURI());
  }

  private Set<PostId> subscriptionsOf(String connectionId) {
    return registry.find(new ConnectionId(connectionId)).orElseThrow().subscriptions();
  }

  /** A proxy-style {@code $default} call carrying {@code frame} with these extra headers. */
  private Reply frame(String connectionId, String frame, String... headers) {
    String[] all = new String[headers.length + 6];
    System.arraycopy(
        new String[] {
          "X-Connection-Id", connectionId, "X-Route-Key", "$default", "X-Event-Type", "MESSAGE"
        },
        0,
        all,
        0,
        6);
    System.arraycopy(headers, 0, all, 6, headers.length);
    return api.post("/api/v1/websocket/default", null, frame, all);
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {"application/json", "text/plain", "application/octet-stream", "none"})
  void theRawBodyIsTheClientsFrameWhateverItsContentType(String contentType) {
    try (WsClient client = WsClient.connect(server.getURI(), "")) {
      String id = client.connectionId();
      client.await("connection.info");
      String post = api.createPost(api.devToken("u-" + UUID.randomUUID(), null), "p");
      String subscribe = "{\"action\":\"subscribe\",\"postId\":\"" + post + "\"}";
      Reply reply =
          contentType.equals("none")
              ? api.send(
                  "POST",
                  "/api/v1/websocket/default",
                  null,
                  null,
                  "X-Connection-Id",
                  id,
                  "X-Route-Key",
                  "subscribe")
              : frame(id, subscribe, "Content-Type", contentType);
      assertEquals(200, reply.status(), reply.text());
      if (contentType.equals("none")) {
        // No body at all is an empty frame: the client is told, the connection stays.
        client.await("error");
      } else {
        client.await(
            "connection.info", m -> List.of(post).equals(WsClient.data(m).get("subscriptions")));
        assertEquals(Set.of(new PostId(post)), subscriptionsOf(id));
      }
      assertTrue(client.isOpen());
    }
  }

  @Test
  void aBodyShapedLikeTheJsonEventIsStillJustTheClientsFrame() {
    try (WsClient client = WsClient.connect(server.getURI(), "")) {
      String id = client.connectionId();
      String envelope =
          "{\"requestContext\":{\"connectionId\":\"someone-else=\"},"
              + "\"body\":\"{\\\"action\\\":\\\"ping\\\"}\"}";
      Reply reply = frame(id, envelope, "Content-Type", "application/json");
      assertEquals(200, reply.status(), reply.text());
      Map<String, Object> error = WsClient.data(client.await("error"));
      assertTrue(((String) error.get("message")).contains("action"), error.toString());
      assertTrue(client.ofType("pong").isEmpty(), "the envelope's inner frame was not read");
    }
  }

  @Test
  void connectReadsItsParametersFromTheQueryStringAndIgnoresTheHandshakeHeaders()
      throws IOException {
    String token = api.devToken("u-" + UUID.randomUUID(), null);
    String first = api.createPost(token, "first");
    String second = api.createPost(token, "second");
    String id = "proxy-" + UUID.randomUUID().toString().substring(0, 8) + "=";
    // API Gateway forwards the browser's handshake headers, which must not make this an upgrade.
    String request =
        "POST /api/v1/websocket/connect?postId="
            + first
            + "%2C"
            + second
            + " HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Connection: Upgrade\r\n"
            + "Upgrade: websocket\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "X-Connection-Id: "
            + id
            + "\r\n"
            + "X-Event-Type: CONNECT\r\n"
            + "X-Route-Key: $connect\r\n"
            + "X-Request-Id: Kd8hXFz2IAMF8Aw=\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";
    String response = exchange(request);
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(response.contains("Connected successfully"), response);
    assertEquals(Set.of(new PostId(first), new PostId(second)), subscriptionsOf(id));
  }

  /** Sends one raw HTTP/1.1 request and reads one answer: its head and Content-Length bytes. */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.US_ASCII);
      Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
      byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
      return text + new String(body, StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(IntegrationStyle.class)
  void aBadConnectionIdIsA400ProblemOnEveryEndpoint(IntegrationStyle style) {
    for (String route : List.of("connect", "disconnect", "default")) {
      for (String bad : List.of("", "with space", "x".repeat(257), "tab\there")) {
        Reply reply = style.send(api, route, bad, Map.of(), "{\"action\":\"ping\"}");
        reply.assertProblem(400);
        assertEquals("connectionId", reply.list("errors").get(0).get("field"), reply.text());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(IntegrationStyle.class)
  void badPostIdsOnConnectAreA400Problem(IntegrationStyle style) {
    Reply reply = style.connect(api, "bad-posts=", Map.of("postId", "not-a-uuid"));
    reply.assertProblem(400);
    assertTrue(registry.find(new ConnectionId("bad-posts=")).isEmpty());
  }

  @Test
  void aJsonStyleCallWithoutAnEventIsA400Problem() {
    for (String body : new String[] {null, "", "not json", "[1]", "{}", "{\"requestContext\":3}"}) {
      api.send("POST", "/api/v1/websocket/connect", null, body).assertProblem(400);
    }
  }
}
