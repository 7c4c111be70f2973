package io.livecomments.localgateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.localgateway.RunningGateway.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ManagementApiFastPath}: which pushes it answers itself, that what it passes on gets the
 * controller's same answers, and that a client pipelining several requests on one connection gets
 * its answers in order whichever path served each.
 */
class ManagementApiFastPathTest {

  @RegisterExtension static final RunningGateway gateway = new RunningGateway(Map.of());

  private final RoutedManagementRequests routed =
      gateway.context().getBean(RoutedManagementRequests.class);

  @Test
  void aPlainPostIsAnsweredWithoutRoutingAndDelivered() throws Exception {
    Client client = gateway.connect("");
    String path = "/@connections/" + RunningGateway.encode(client.connectionId());
    int before = routed.count();

    assertEquals(204, gateway.post(path, "one").statusCode());
    assertEquals(204, gateway.post("/prod" + path + "?ignored=1", "two").statusCode());

    Await.until("both frames arrived", () -> client.socket().messages().size() == 2);
    assertEquals(List.of("one", "two"), client.socket().messages());
    assertEquals(before, routed.count(), "no push went through Micronaut's routing");

    // Every response carries a request id; one the caller sends is the service's filter's to echo.
    HttpResponse<String> answered = gateway.send("POST", path, "application/json", new byte[0]);
    assertTrue(
        answered.headers().firstValue("X-Request-Id").orElseThrow().matches("[0-9a-f-]{36}"));
    assertEquals(before, routed.count());
    assertEquals(204, gateway.post(path, "mine", "X-Request-Id", "r-1").statusCode());
    assertEquals(before + 1, routed.count());
  }

  @Test
  void aPushToAnUnknownIdIsGoneLikeTheControllerSaysIt() throws Exception {
    int before = routed.count();
    HttpResponse<String> fast = gateway.post("/@connections/AAAAAAAAAAAAAAA%3D", "x");
    assertEquals(before, routed.count());

    HttpResponse<String> routedGone = gateway.get("/@connections/AAAAAAAAAAAAAAA%3D");
    assertEquals(before + 1, routed.count());

    for (HttpResponse<String> gone : List.of(fast, routedGone)) {
      assertEquals(410, gone.statusCode());
      assertEquals("GoneException", gone.headers().firstValue("x-amzn-ErrorType").orElseThrow());
      assertTrue(
          gone.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
      assertEquals("{\"message\":\"Gone\"}", gone.body());
    }
  }

  @Test
  void whatTheFastPathLeavesTheControllerAnswers() throws Exception {
    Client client = gateway.connect("");
    String id = RunningGateway.encode(client.connectionId());
    int before = routed.count();

    try (Socket socket = socket()) {
      send(socket, chunkedPost("/@connections/" + id, "chunked"));
      assertEquals(204, readResponse(socket).status());
      send(
          socket,
          post(
              "/@connections/" + id,
              "x".repeat(LocalGatewayConfiguration.MAX_MESSAGE_BYTES + 1),
              ""));
      assertEquals(413, readResponse(socket).status());
      send(socket, post("/@connections/" + id, "expected", "Expect: 100-continue\r\n"));
      Response expected = readResponse(socket);
      if (expected.status() == 100) {
        expected = readResponse(socket);
      }
      assertEquals(204, expected.status());
    }

    Await.until("both frames arrived", () -> client.socket().messages().size() == 2);
    assertEquals(List.of("chunked", "expected"), client.socket().messages());
    assertEquals(before + 3, routed.count(), "all three went to the controller");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAcrossBothPaths() throws Exception {
    Client client = gateway.connect("");
    String path = "/@connections/" + RunningGateway.encode(client.connectionId());

    try (Socket socket = socket()) {
      // One write: a push (fast path), an unknown id's GET (controller), a chunked push
      // (controller), a push, a DELETE (controller), a push to the now deleted id.
      send(
          socket,
          post(path, "one", "")
              + get("/@connections/AAAAAAAAAAAAAAA%3D")
              + chunkedPost(path, "two")
              + post(path, "three", "")
              + "DELETE "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
              + post(path, "four", ""));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(readResponse(socket).status());
      }
      assertEquals(List.of(204, 410, 204, 204, 204, 410), statuses);
    }
    Await.until("three frames arrived", () -> client.socket().messages().size() == 3);
    assertEquals(List.of("one", "two", "three"), client.socket().messages());
  }

  @Test
  void aPushAskingToCloseIsAnsweredAndTheConnectionClosed() throws Exception {
    Client client = gateway.connect("");
    String path = "/@connections/" + RunningGateway.encode(client.connectionId());

    try (Socket socket = socket()) {
      send(socket, post(path, "last", "Connection: close\r\n"));
      assertEquals(204, readResponse(socket).status());
      assertEquals(-1, socket.getInputStream().read(), "the server closed the connection");
    }
    Await.until("the frame arrived", () -> client.socket().messages().size() == 1);
  }

  @Test
  void pathsItTakesAndPathsItLeaves() {
    assertEquals("abc=", ManagementApiFastPath.connectionId("/@connections/abc%3D"));
    assertEquals("abc=", ManagementApiFastPath.connectionId("/prod/@connections/abc="));
    assertEquals("a+b/c", ManagementApiFastPath.connectionId("/@connections/a+b%2Fc?x=1"));
    assertNull(ManagementApiFastPath.connectionId("/a/b/@connections/abc"));
    assertNull(ManagementApiFastPath.connectionId("/@connections/"));
    assertNull(ManagementApiFastPath.connectionId("/@connections/abc/"));
    assertNull(ManagementApiFastPath.connectionId("/@connections/abc/def"));
    assertNull(ManagementApiFastPath.connectionId("/@connections/bad%zz"));
    assertNull(ManagementApiFastPath.connectionId("/api/v1/posts"));
    assertNull(ManagementApiFastPath.connectionId("//@connections/abc"));
  }

  private static Socket socket() throws IOException {
    EmbeddedServer server = gateway.context().getBean(EmbeddedServer.class);
    Socket socket = new Socket("127.0.0.1", server.getPort());
    socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
    return socket;
  }

  private static String post(String path, String body, String extraHeaders) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + extraHeaders
        + "Content-Length: "
        + body.getBytes(UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static String chunkedPost(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.getBytes(UTF_8).length)
        + "\r\n"
        + body
        + "\r\n0\r\n\r\n";
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  private static void send(Socket socket, String requests) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(requests.getBytes(UTF_8));
    out.flush();
  }

  record Response(int status, String body) {}

  /** Reads one HTTP/1.1 response: status line, headers, then a sized or chunked body. */
  private static Response readResponse(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream(), 1);
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    long length = 0;
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in);
    } else if (status >= 200 && status != 204 && status != 304) {
      body.write(in.readNBytes((int) length));
    }
    return new Response(status, body.toString(UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(UTF_8);
  }
}
