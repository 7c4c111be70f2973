package io.livecomments.infrastructure;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the stage's Management API ({@code POST {callback URL}/@connections/{id}}) that
 * accepts every push and remembers it.
 */
final class RecordingManagementApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One push: the endpoint's path (the stage), the connection id, the frame as sent. */
  record Push(String path, String connectionId, String body) {
    Map<String, Object> message() {
      try {
        return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
      } catch (IOException e) {
        throw new AssertionError("a push that is not JSON: " + body, e);
      }
    }

    String type() {
      return (String) message().get("type");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> data() {
      return (Map<String, Object>) message().get("data");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Push> pushes = new CopyOnWriteArrayList<>();

  RecordingManagementApi() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Several threads, as the service pushes to several connections at once.
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          String raw = exchange.getRequestURI().getRawPath();
          int at = raw.indexOf("/@connections/");
          if (!exchange.getRequestMethod().equals("POST") || at < 0) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          String id =
              URLDecoder.decode(
                  raw.substring(at + "/@connections/".length()), StandardCharsets.UTF_8);
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          pushes.add(new Push(raw.substring(0, at), id, body));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** Where the service is told the Management API is, with the path of the stack's own. */
  URI endpoint(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Push> pushesTo(String connectionId) {
    return pushes.stream().filter(p -> p.connectionId().equals(connectionId)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
