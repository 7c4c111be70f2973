package io.livecomments;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for API Gateway's Management API that accepts every push and remembers it, so that
 * tests can see which connection ids the service pushed to. Lives at {@code endpoint()/prod}.
 */
final class RecordingGateway implements AutoCloseable {

  record Push(String connectionId, String body) {}

  private final HttpServer server;
  private final List<Push> pushes = new CopyOnWriteArrayList<>();

  RecordingGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/prod/@connections/",
        exchange -> {
          String raw = exchange.getRequestURI().getRawPath();
          String id =
              URLDecoder.decode(raw.substring(raw.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          pushes.add(new Push(id, body));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prod");
  }

  List<Push> pushes() {
    return List.copyOf(pushes);
  }

  List<Push> pushesTo(String connectionId) {
    return pushes.stream().filter(p -> p.connectionId().equals(connectionId)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
