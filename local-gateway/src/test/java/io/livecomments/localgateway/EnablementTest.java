package io.livecomments.localgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnablementTest {

  @Test
  void switchedOffEveryRouteOfTheGatewayIsNotFound() throws Exception {
    assertNothingIsExposed(Map.of("livecomments.local-gateway.enabled", "false"));
  }

  @Test
  void aRealApiGatewayEndpointSwitchesItOff() throws Exception {
    assertNothingIsExposed(
        Map.of(
            "livecomments.apigateway.endpoint",
            "https://abc123.execute-api.eu-west-1.amazonaws.com/production"));
  }

  @Test
  void itIsOnByDefaultAndAnExplicitFlagWins() {
    assertTrue(enabledWith(Map.of()));
    assertTrue(enabledWith(Map.of("livecomments.apigateway.endpoint", "")));
    assertTrue(enabledWith(Map.of("livecomments.apigateway.endpoint", "  ")));
    assertFalse(enabledWith(Map.of("livecomments.apigateway.endpoint", "http://localhost:9")));
    assertTrue(
        enabledWith(
            Map.of(
                "livecomments.apigateway.endpoint", "http://localhost:9",
                "livecomments.local-gateway.enabled", "true")));
    assertFalse(enabledWith(Map.of("livecomments.local-gateway.enabled", "false")));
  }

  private static boolean enabledWith(Map<String, Object> properties) {
    try (ApplicationContext context = ApplicationContext.run(properties)) {
      return context.containsBean(LocalConnections.class)
          && context.containsBean(WebSocketGateway.class)
          && context.containsBean(ManagementApiController.class)
          && context.containsBean(BridgeController.class)
          && context.containsBean(HandshakeFilter.class)
          && context.containsBean(ConnectionSweeper.class);
    }
  }

  private static void assertNothingIsExposed(Map<String, Object> properties) throws Exception {
    try (RunningGateway gateway = new RunningGateway(properties)) {
      assertFalse(gateway.context().containsBean(LocalConnections.class));

      ExecutionException failure =
          assertThrows(
              ExecutionException.class,
              () ->
                  TestSocket.attempt(gateway.ws("?postId=p1"))
                      .get(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
      assertEquals(404, handshake.getResponse().statusCode());
      assertTrue(gateway.backend().calls("connect").isEmpty());

      String id = RunningGateway.encode("AAAAAAAAAAAAAAA=");
      for (var response :
          List.of(
              gateway.post("/@connections/" + id, "x"),
              gateway.get("/@connections/" + id),
              gateway.delete("/@connections/" + id),
              gateway.post("/production/@connections/" + id, "x"),
              gateway.get("/production/@connections/" + id),
              gateway.post("/development/broadcast/comments", "x"))) {
        assertEquals(404, response.statusCode(), response.uri().toString());
      }
    }
  }
}
