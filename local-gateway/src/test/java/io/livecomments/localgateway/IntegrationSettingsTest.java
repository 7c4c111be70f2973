package io.livecomments.localgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.localgateway.RunningGateway.Client;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IntegrationSettingsTest {

  @Test
  void aConfiguredIntegrationUrlIsCalledInsteadOfThisServer() throws Exception {
    try (RunningGateway backend = new RunningGateway(Map.of());
        RunningGateway gateway =
            new RunningGateway(
                Map.of(
                    "livecomments.local-gateway.integration-url",
                    "http://127.0.0.1:" + backend.ws("").getPort() + "/"))) {
      String tag = "elsewhere";
      TestSocket socket = TestSocket.open(gateway.ws("?client=" + tag));
      String id = backend.backend().connectOf(tag).orElseThrow().connectionId();
      socket.send("frame");
      Await.until(
          "the frame reached the configured backend",
          () -> !backend.backend().calls("default", id).isEmpty());
      socket.abort();

      Await.until(
          "disconnect reached the configured backend",
          () -> !backend.backend().calls("disconnect", id).isEmpty());
      assertEquals(1, backend.backend().calls("default", id).size());
      assertTrue(gateway.backend().calls("connect").isEmpty());
      assertNull(backend.backend().calls("connect", id).get(0).secret(), "no secret configured");
    }
  }

  @Test
  void anUnreachableIntegrationFailsTheHandshakeWith502() throws Exception {
    try (RunningGateway gateway =
        new RunningGateway(
            Map.of("livecomments.local-gateway.integration-url", "http://127.0.0.1:1"))) {
      ExecutionException failure =
          assertThrows(
              ExecutionException.class,
              () ->
                  TestSocket.attempt(gateway.ws(""))
                      .get(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS));

      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
      assertEquals(502, handshake.getResponse().statusCode());
      assertTrue(gateway.connections().all().isEmpty());
    }
  }

  @Test
  void aPlainGetOnTheSocketPathDoesNotCallTheIntegration() throws Exception {
    try (RunningGateway gateway = new RunningGateway(Map.of())) {
      Client client = gateway.connect("");
      gateway.backend().clear();

      gateway.get("/ws?postId=p1");

      assertTrue(gateway.backend().calls("connect").isEmpty());
      assertEquals(1, gateway.connections().all().size(), client.connectionId());
      gateway.closeSockets();
    }
  }
}
