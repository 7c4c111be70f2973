package io.livecomments.config;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client of this service's own local gateway, for the push warm-up: a real connection
 * (connected through {@code $connect}, registered, then gone through {@code $disconnect}) whose
 * frames are read and dropped. Pushing to it runs the whole local path a fan-out takes: the SDK
 * client, the local gateway's Management API and its WebSocket write.
 */
final class WarmUpClient implements AutoCloseable {

  private final WebSocket socket;
  private final CompletableFuture<String> connectionId;
  private final AtomicLong received;

  private WarmUpClient(
      WebSocket socket, CompletableFuture<String> connectionId, AtomicLong received) {
    this.socket = socket;
    this.connectionId = connectionId;
    this.received = received;
  }

  /**
   * Connects to {@code ws://127.0.0.1:{port}{path}}, subscribed to a post that does not exist (so
   * that it hears no real post's events), and asks the service who it is ({@code whoami}), which
   * gives the gateway's id for it. Closes the connection again if that fails.
   */
  static WarmUpClient connect(int port, String path, JsonMapper json, Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    CompletableFuture<String> id = new CompletableFuture<>();
    AtomicLong received = new AtomicLong();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              received.incrementAndGet();
              if (!id.isDone()) {
                String own = connectionIdIn(json, text.toString());
                if (own != null) {
                  id.complete(own);
                }
              }
              text.setLength(0);
            }
            ws.request(1);
            return null;
          }
        };
    URI uri = URI.create("ws://127.0.0.1:" + port + path + "?postId=" + UUID.randomUUID());
    WebSocket socket;
    try {
      socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(uri, listener)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("Could not connect to the local gateway", e.getCause());
    }
    WarmUpClient client = new WarmUpClient(socket, id, received);
    try {
      socket.sendText("{\"action\":\"whoami\"}", true);
      client.connectionId(timeout);
      return client;
    } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
      socket.abort();
      throw e;
    }
  }

  /** The id the gateway gave this client, once the service has told it. */
  String connectionId(Duration timeout) throws InterruptedException, TimeoutException, IOException {
    try {
      String id = connectionId.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return id;
    } catch (ExecutionException e) {
      throw new IOException("No connection.info", e.getCause());
    }
  }

  /** Frames this client has received. */
  long received() {
    return received.get();
  }

  private static String connectionIdIn(JsonMapper json, String frame) {
    try {
      Map<String, Object> message =
          json.readValue(frame, Argument.mapOf(String.class, Object.class));
      if ("connection.info".equals(message.get("type"))
          && message.get("data") instanceof Map<?, ?> data
          && data.get("connectionId") instanceof String id) {
        return id;
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Says goodbye, so that the gateway disconnects it and the registry forgets it. */
  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up done");
  }
}
