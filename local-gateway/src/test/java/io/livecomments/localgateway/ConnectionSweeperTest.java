package io.livecomments.localgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.localgateway.RunningGateway.Client;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs servers with short limits, so that the sweeper acts within a test's deadline. */
class ConnectionSweeperTest {

  @Test
  void anIdleConnectionIsClosedWith1001AndDisconnected() throws Exception {
    try (RunningGateway gateway =
        new RunningGateway(
            Map.of(
                "livecomments.local-gateway.idle-timeout", "1s",
                "livecomments.local-gateway.sweep-interval", "100ms"))) {
      Client client = gateway.connect("");

      Await.until("the idle socket was closed", client.socket()::isClosed);

      assertEquals(1001, client.socket().closeCode());
      Await.until(
          "disconnect was called",
          () -> !gateway.backend().calls("disconnect", client.connectionId()).isEmpty());
      assertEquals(1, gateway.backend().calls("disconnect", client.connectionId()).size());
      assertTrue(gateway.connections().all().isEmpty());
    }
  }

  @Test
  void aConnectionPastItsLifetimeIsClosedEvenIfActive() throws Exception {
    try (RunningGateway gateway =
        new RunningGateway(
            Map.of(
                "livecomments.local-gateway.max-lifetime", "1s",
                "livecomments.local-gateway.sweep-interval", "100ms"))) {
      Client client = gateway.connect("");
      client.socket().send("still here");

      Await.until("the old socket was closed", client.socket()::isClosed);

      assertEquals(1001, client.socket().closeCode());
      Await.until(
          "disconnect was called",
          () -> !gateway.backend().calls("disconnect", client.connectionId()).isEmpty());
    }
  }

  @Test
  void aClientThatLeavesDuringConnectIsDisconnectedOnce() throws Exception {
    try (RunningGateway gateway =
        new RunningGateway(
            Map.of(
                "livecomments.local-gateway.open-timeout", "1s",
                "livecomments.local-gateway.sweep-interval", "100ms"))) {
      String tag = UUID.randomUUID().toString();
      try (Socket socket = new Socket("127.0.0.1", gateway.ws("").getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(upgradeRequest("/ws?hold=1&client=" + tag).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Await.until("connect was called", () -> gateway.backend().connectOf(tag).isPresent());
      }
      String id = gateway.backend().connectOf(tag).orElseThrow().connectionId();

      gateway.backend().release();

      Await.until(
          "disconnect was called", () -> !gateway.backend().calls("disconnect", id).isEmpty());
      Await.until("the connection is gone", () -> gateway.connections().all().isEmpty());
      assertEquals(1, gateway.backend().calls("disconnect", id).size());
    }
  }

  private static String upgradeRequest(String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "\r\n";
  }
}
