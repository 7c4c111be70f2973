package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests: each gets the 4xx it deserves as problem+json, never a 5xx and
 * never a stack trace. The list doubles as the record of what was tried.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  @Inject EmbeddedServer server;

  private Api api;
  private String token;
  private String post;

  @BeforeEach
  void setUp() {
    api = new Api(server.getURI());
    if (token == null) {
      token = api.devToken("mallory-" + UUID.randomUUID(), "Mallory");
      post = api.createPost(token, "target");
    }
  }

  static Stream<Arguments> hostileBodies() {
    return Stream.of(
        Arguments.of("truncated JSON", "{\"content\":", 400),
        Arguments.of("not JSON at all", "hello there", 400),
        Arguments.of("an array", "[]", 400),
        Arguments.of("a bare string", "\"content\"", 400),
        Arguments.of("a bare number", "123", 400),
        Arguments.of("JSON null", "null", 400),
        Arguments.of("an empty object", "{}", 400),
        Arguments.of("content null", "{\"content\":null}", 400),
        Arguments.of("content a number", "{\"content\":123}", 400),
        Arguments.of("content a boolean", "{\"content\":true}", 400),
        Arguments.of("content a list", "{\"content\":[\"a\"]}", 400),
        Arguments.of("content an object", "{\"content\":{\"a\":1}}", 400),
        Arguments.of("content a huge number", "{\"content\":1e999999}", 400),
        Arguments.of("content blank", "{\"content\":\"   \"}", 400),
        Arguments.of("content with NUL", "{\"content\":\"a\\u0000b\"}", 400),
        Arguments.of("content with ESC", "{\"content\":\"\\u001b[2J\"}", 400),
        Arguments.of("a lone surrogate", "{\"content\":\"\\ud800\"}", 400),
        Arguments.of("2001 characters", "{\"content\":\"" + "a".repeat(2001) + "\"}", 400),
        Arguments.of("deeply nested arrays", "[".repeat(60_000), 400),
        Arguments.of("deeply nested objects", "{\"a\":".repeat(10_000), 400),
        Arguments.of("a 10 MB string", "{\"content\":\"" + "x".repeat(10_000_000) + "\"}", 413));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void hostileCommentBodiesAreRefused(String name, String body, int status) {
    api.post("/api/v1/posts/" + post + "/comments", token, body).assertProblem(status);
  }

  static Stream<Arguments> hostileRequests() {
    String fake = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    return Stream.of(
        Arguments.of("GET", "/api/v1/posts/%00", null, null, 400),
        Arguments.of("GET", "/api/v1/posts/..%2F..%2Fetc%2Fpasswd", null, null, 400),
        Arguments.of("GET", "/api/v1/posts/" + "a".repeat(3000), null, null, 400),
        Arguments.of("GET", "/api/v1/posts/%F0%9F%98%80/comments", null, null, 400),
        Arguments.of("GET", "/api/v1/posts/{post}/comments/%27%20OR%201=1", null, null, 400),
        Arguments.of("GET", "/api/v1/posts/{post}/comments?limit=%00", null, null, 400),
        Arguments.of(
            "GET", "/api/v1/posts/{post}/comments?limit=99999999999999999999", null, null, 400),
        Arguments.of("GET", "/api/v1/posts/{post}/comments?afterSeq=1e3", null, null, 400),
        Arguments.of(
            "GET", "/api/v1/posts/{post}/comments?afterSeq=9223372036854775807", null, null, 400),
        Arguments.of("GET", "/api/v1/posts/{post}/comments?order=%FF", null, null, 400),
        Arguments.of(
            "GET", "/api/v1/posts/{post}/comments?delivery=carrier-pigeon", null, null, 400),
        Arguments.of("PUT", "/api/v1/posts/{post}", null, "{}", 405),
        Arguments.of("DELETE", "/api/v1/posts/{post}/comments", "{token}", null, 405),
        Arguments.of("GET", "/api/v1/nothing-here", null, null, 404),
        Arguments.of("GET", "/nothing-here", null, null, 404),
        Arguments.of("POST", "/api/v1/posts", fake, "{\"title\":\"x\"}", 401),
        Arguments.of("POST", "/api/v1/posts", "a.b.c", "{\"title\":\"x\"}", 401),
        Arguments.of("POST", "/api/v1/posts", "....", "{\"title\":\"x\"}", 401),
        Arguments.of("POST", "/api/v1/posts", "x".repeat(6000), "{\"title\":\"x\"}", 401),
        Arguments.of("POST", "/api/v1/posts", unsigned(), "{\"title\":\"x\"}", 401),
        Arguments.of("POST", "/api/v1/posts", "{token}", "{\"title\":" + 5 + "}", 400),
        Arguments.of(
            "POST", "/api/v1/posts", "{token}", "{\"title\":\"" + "t".repeat(201) + "\"}", 400),
        Arguments.of(
            "POST", "/api/v1/dev/tokens", null, "{\"userId\":\"" + "u".repeat(129) + "\"}", 400),
        Arguments.of("POST", "/api/v1/dev/tokens", null, "{\"userId\":[\"admin\"]}", 400),
        Arguments.of("POST", "/api/v1/dev/tokens", null, "{\"userId\":\"a\\u0007\"}", 400));
  }

  /** An {@code alg: none} token with claims that would otherwise be accepted in dev mode. */
  private static String unsigned() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        "{\"sub\":\"eve\",\"iss\":\"livecomments-dev\",\"aud\":\"livecomments\",\"iat\":1,\"exp\":4102444800}";
    return header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
  }

  @ParameterizedTest(name = "{0} {1} → {4}")
  @MethodSource("hostileRequests")
  void hostileRequestsAreRefused(
      String method, String path, String bearer, String body, int status) {
    String resolvedToken = "{token}".equals(bearer) ? token : bearer;
    api.send(method, path.replace("{post}", post), resolvedToken, body).assertProblem(status);
  }

  @Test
  void anUnknownPathIsTheSamePlainNotFoundProblemWhateverTheMethod() {
    for (String method : new String[] {"GET", "POST", "PUT"}) {
      for (String path : new String[] {"/api/v1/no/such/path", "/wp-login.php", "/api/v2/posts"}) {
        Api.Reply reply = api.send(method, path, null, "{}").assertProblem(404);
        assertEquals(
            "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"Page Not Found\"}",
            reply.text(),
            method + " " + path);
      }
    }
  }

  @Test
  void hostileHeadersAreRefused() {
    api.comment(post, token, "x", "Idempotency-Key", "k".repeat(129)).assertProblem(400);
    api.comment(post, token, "x", "Idempotency-Key", "tab\tinside").assertProblem(400);
    api.send(
            "POST",
            "/api/v1/posts/" + post + "/comments",
            token,
            "{\"content\":\"x\"}",
            "Content-Type",
            "application/xml")
        .assertProblem(415);
    api.send("POST", "/api/v1/posts", null, "{\"title\":\"x\"}", "Authorization", "Basic YTpi")
        .assertProblem(401);
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() throws IOException {
    byte[] body = {
      '{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'
    };
    String response =
        raw(
            ("POST /api/v1/posts/"
                + post
                + "/comments HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer "
                + token
                + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n"),
            body);
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
  }

  @Test
  void oversizedHeadersAndGarbageRequestLinesGet4xxNot5xx() throws IOException {
    List<String> requests =
        List.of(
            "GET /api/v1/posts/"
                + post
                + " HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "a".repeat(70_000)
                + "\r\nConnection: close\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "GET /api/v1/posts/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    for (String request : requests) {
      String response = raw(request, new byte[0]);
      String statusLine = response.lines().findFirst().orElse("");
      assertTrue(statusLine.matches("HTTP/1\\.[01] 4\\d\\d .*"), statusLine);
    }
  }

  @Test
  void theServiceStillWorksAfterAllThat() {
    assertEquals(201, api.comment(post, token, "still here").status());
  }

  private String raw(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      try {
        while ((n = in.read(buffer)) > 0) {
          response.write(buffer, 0, n);
        }
      } catch (java.net.SocketException e) {
        // The server may reset after answering an oversized request; the answer is what counts.
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
