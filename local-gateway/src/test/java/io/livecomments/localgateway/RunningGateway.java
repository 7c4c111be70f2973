package io.livecomments.localgateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server on a random port with the gateway, the fake backend, and the sockets a test opened. As a
 * JUnit extension ({@code @RegisterExtension static}), it closes each test's sockets after the test
 * and the server after the class.
 */
final class RunningGateway implements AutoCloseable, AfterEachCallback, AfterAllCallback {

  private final EmbeddedServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<TestSocket> sockets = new ArrayList<>();

  RunningGateway(Map<String, Object> properties) {
    this.server = ApplicationContext.run(EmbeddedServer.class, properties);
  }

  FakeBackend backend() {
    return server.getApplicationContext().getBean(FakeBackend.class);
  }

  LocalConnections connections() {
    return server.getApplicationContext().getBean(LocalConnections.class);
  }

  ApplicationContext context() {
    return server.getApplicationContext();
  }

  URI ws(String query) {
    return URI.create("ws://127.0.0.1:" + server.getPort() + "/ws" + query);
  }

  /** A connected client and the id the gateway gave it, read from the connect call. */
  record Client(TestSocket socket, String connectionId) {}

  Client connect(String query) throws Exception {
    String tag = UUID.randomUUID().toString();
    TestSocket socket =
        TestSocket.open(ws("?client=" + tag + (query.isEmpty() ? "" : "&" + query)));
    sockets.add(socket);
    String id = backend().connectOf(tag).orElseThrow().connectionId();
    Await.until(
        "the connection is open",
        () -> connections().find(id).map(LocalConnection::isOpen).orElse(false));
    return new Client(socket, id);
  }

  /** Closes {@code socket} with the others after the test. */
  void track(TestSocket socket) {
    sockets.add(socket);
  }

  static String encode(String connectionId) {
    return URLEncoder.encode(connectionId, StandardCharsets.UTF_8);
  }

  HttpResponse<String> send(String method, String path, String contentType, byte[] body)
      throws Exception {
    return send(method, path, contentType, body, new String[0]);
  }

  /** With extra headers, given as name, value, name, value… */
  HttpResponse<String> send(
      String method, String path, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send("DELETE", path, null, null);
  }

  /** Closes this test's sockets and waits until the gateway has let go of every connection. */
  void closeSockets() {
    sockets.forEach(TestSocket::abort);
    sockets.clear();
    Await.until("every connection has ended", () -> connections().all().isEmpty());
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeSockets();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
