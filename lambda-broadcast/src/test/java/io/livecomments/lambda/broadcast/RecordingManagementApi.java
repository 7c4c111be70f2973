package io.livecomments.lambda.broadcast;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Management API on loopback, over real HTTP: records every {@code POST
 * /{stage}/@connections/{id}} and answers each connection as told, one scripted status per call and
 * then the last one again (204 for a connection it was told nothing about), with the error types
 * API Gateway sends.
 */
final class RecordingManagementApi implements AutoCloseable {

  record Post(String connectionId, String body, String authorization) {}

  private final HttpServer server;
  private final String stage;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final List<String> strays = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();

  RecordingManagementApi(String stage) throws IOException {
    this.stage = stage;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String prefix = "/" + stage + "/@connections/";
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          byte[] request = exchange.getRequestBody().readAllBytes();
          int status;
          String errorType = null;
          if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(prefix)) {
            strays.add(exchange.getRequestMethod() + " " + path);
            status = 404;
          } else {
            String id = URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
            posts.add(
                new Post(
                    id,
                    new String(request, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            status = next(id);
            errorType =
                switch (status) {
                  case 410 -> "GoneException";
                  case 429 -> "LimitExceededException";
                  default -> null;
                };
          }
          if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            byte[] body = ("{\"message\":\"" + errorType + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          } else {
            exchange.sendResponseHeaders(status, -1);
          }
          exchange.close();
        });
    server.start();
  }

  /** The stage's callback URL, as the stack hands it to the function. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage);
  }

  /** The statuses to answer the connection's pushes with, in order; the last one repeats. */
  void answer(String connectionId, Integer... statuses) {
    scripts.put(connectionId, new ArrayDeque<>(List.of(statuses)));
  }

  private int next(String connectionId) {
    Deque<Integer> script = scripts.get(connectionId);
    if (script == null) {
      return 204;
    }
    synchronized (script) {
      return script.size() > 1 ? script.removeFirst() : script.getFirst();
    }
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  List<Post> postsTo(String connectionId) {
    return posts.stream().filter(p -> p.connectionId().equals(connectionId)).toList();
  }

  /** Requests that were not a push: the bridge should send none. */
  List<String> strays() {
    return List.copyOf(strays);
  }

  void reset() {
    posts.clear();
    strays.clear();
    scripts.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
