package io.livecomments.adapters.apigateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A real HTTP server on loopback that records each request and answers as told. */
final class RecordingServer implements AutoCloseable {

  record Recorded(String method, String rawPath, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** The status and JSON body to answer with, and the AWS error type header if any. */
  record Answer(int status, String errorType, String body) {
    static Answer of(int status) {
      return new Answer(status, null, "");
    }
  }

  private final HttpServer server;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  volatile Function<Recorded, Answer> answer = r -> Answer.of(200);

  RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Recorded recorded =
              new Recorded(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          requests.add(recorded);
          Answer a = answer.apply(recorded);
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          if (a.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", a.errorType());
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
