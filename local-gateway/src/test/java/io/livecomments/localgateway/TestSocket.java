package io.livecomments.localgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real {@code java.net.http.WebSocket} client that records what the gateway sends it. */
final class TestSocket implements WebSocket.Listener {

  static final String USER_AGENT = "local-gateway-test";

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private TestSocket() {}

  /** Opens a socket, failing (with the handshake's exception as cause) if the gateway refuses. */
  static TestSocket open(URI uri) throws Exception {
    TestSocket listener = new TestSocket();
    listener.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("User-Agent", USER_AGENT)
            .buildAsync(uri, listener)
            .get(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return listener;
  }

  static CompletableFuture<WebSocket> attempt(URI uri) {
    return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new TestSocket());
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  /** Drops the TCP connection without a close frame. */
  void abort() {
    socket.abort();
  }

  List<String> messages() {
    return messages;
  }

  boolean isClosed() {
    return closeCode.isDone();
  }

  /** The close code the gateway sent, or -1 if the connection broke without one. */
  int closeCode() {
    return closeCode.getNow(null);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.complete(-1);
  }
}
