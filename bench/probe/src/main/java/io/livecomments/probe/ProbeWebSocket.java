package io.livecomments.probe;

import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of the real-time benchmark: plain Micronaut WebSocket sessions that {@link
 * ProbeBroadcastController} pushes to with Micronaut's own {@code WebSocketBroadcaster}, with no
 * registry, gateway or Management API in between.
 */
@ServerWebSocket("/ws")
public class ProbeWebSocket {

  private final AtomicInteger open = new AtomicInteger();

  @OnOpen
  public void onOpen(WebSocketSession session) {
    open.incrementAndGet();
  }

  @OnMessage
  public void onMessage(String message, WebSocketSession session) {
    // Clients only listen; a frame from them is ignored, as the service's gateway would not echo.
  }

  @OnClose
  public void onClose(WebSocketSession session) {
    open.decrementAndGet();
  }

  /** Sessions open now, so that the bench can wait until all its clients are connected. */
  int open() {
    return open.get();
  }
}
