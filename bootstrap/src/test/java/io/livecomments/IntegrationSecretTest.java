package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With an integration secret, only the gateway that presents it reaches the endpoints. */
@MicronautTest
@Property(name = "livecomments.websocket.integration-secret", value = "s3cret-value")
class IntegrationSecretTest {

  private static final String EVENT = "{\"requestContext\":{\"connectionId\":\"x=\"}}";

  @Inject EmbeddedServer server;

  @Test
  void callsWithoutTheSecretAre403() {
    Api api = new Api(server.getURI());
    for (String route : new String[] {"connect", "disconnect", "default"}) {
      api.post("/api/v1/websocket/" + route, null, EVENT).assertProblem(403);
      api.post("/api/v1/websocket/" + route, null, EVENT, "X-Integration-Secret", "guess")
          .assertProblem(403);
      assertEquals(
          200,
          api.post(
                  "/api/v1/websocket/" + route, null, EVENT, "X-Integration-Secret", "s3cret-value")
              .status());
    }
  }

  @Test
  void aTrailingSlashIsNoWayAroundTheSecret() {
    Api api = new Api(server.getURI());
    for (String route : new String[] {"connect/", "disconnect/", "default/", "default//"}) {
      api.post("/api/v1/websocket/" + route, null, EVENT).assertProblem(403);
    }
  }

  @Test
  void theLocalGatewaySendsTheSecretSoClientsStillConnect() {
    Api api = new Api(server.getURI());
    String token = api.devToken("u-" + UUID.randomUUID(), null);
    String post = api.createPost(token, "p");
    try (WsClient client = WsClient.connect(server.getURI(), "postId=" + post)) {
      client.connectionId();
      api.comment(post, token, "secret handshake");
      client.await("comment.created");
    }
  }
}
