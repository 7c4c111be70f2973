package io.livecomments;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/** A real WebSocket client (java.net.http) that keeps every message it receives, parsed. */
final class WsClient implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
  final List<String> raw = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile WebSocket socket;

  private WsClient() {}

  static WsClient connect(URI server, String query) {
    return open(server, query).orTimeout(15, TimeUnit.SECONDS).join();
  }

  /** Starts the handshake and returns at once; the future completes when the socket is open. */
  static CompletableFuture<WsClient> open(URI server, String query) {
    String base = server.toString().replaceFirst("^http", "ws");
    URI uri = URI.create(base + "/ws" + (query.isEmpty() ? "" : "?" + query));
    WsClient client = new WsClient();
    return HTTP.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, client.new Listener())
        .thenApply(
            socket -> {
              client.socket = socket;
              return client;
            });
  }

  void send(String frame) {
    socket.sendText(frame, true).join();
  }

  /**
   * How the end-to-end tests wait for something to happen: checked at once and then often, for at
   * most 15 s, which a loaded CI machine needs for a fan-out to hundreds of sockets.
   */
  static ConditionFactory eventually() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  /** Waits for the first message of this type that matches, and returns it. */
  Map<String, Object> await(String type, Predicate<Map<String, Object>> matches) {
    try {
      return eventually()
          .until(
              () ->
                  received.stream()
                      .filter(message -> type.equals(message.get("type")) && matches.test(message))
                      .findFirst(),
              Optional::isPresent)
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no matching " + type + " within 15 s; received " + raw, e);
    }
  }

  Map<String, Object> await(String type) {
    return await(type, m -> true);
  }

  List<Map<String, Object>> ofType(String type) {
    return received.stream().filter(m -> type.equals(m.get("type"))).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data(Map<String, Object> message) {
    return (Map<String, Object>) message.get("data");
  }

  /** This connection's id, as the backend knows it. */
  String connectionId() {
    send("{\"action\":\"whoami\"}");
    return (String) data(await("connection.info")).get("connectionId");
  }

  /** Drops the TCP connection without a close frame, like a phone losing its signal. */
  void abort() {
    socket.abort();
  }

  boolean isOpen() {
    return !socket.isInputClosed() && !closed.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        raw.add(text);
        try {
          received.add(
              JSON.readValue(
                  text.getBytes(StandardCharsets.UTF_8),
                  Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON: " + text, e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
