package io.livecomments.adapters.rest.websocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntegrationSecretFilterTest {

  @Test
  void theThreeGatewayEndpointsAreGuardedWhateverTheirSlashes() {
    for (String path :
        new String[] {
          "/api/v1/websocket/connect",
          "/api/v1/websocket/disconnect",
          "/api/v1/websocket/default",
          "/api/v1/websocket/default/",
          "/api/v1/websocket/default//",
          "//api//v1///websocket//connect/",
        }) {
      assertTrue(IntegrationSecretFilter.isGatewayEndpoint(path), path);
    }
  }

  @Test
  void otherPathsAreNot() {
    for (String path :
        new String[] {
          "/api/v1/websocket/connections",
          "/api/v1/websocket/test",
          "/api/v1/websocket/connect/x",
          "/api/v1/websocketconnect",
          "/api/v1/posts/websocket/connect",
          "/api/v1/no/such/path",
          "/",
          "",
        }) {
      assertFalse(IntegrationSecretFilter.isGatewayEndpoint(path), path);
    }
  }
}
