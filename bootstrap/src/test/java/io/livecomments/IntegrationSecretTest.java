package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** With an integration secret, only the gateway that presents it reaches the endpoints. */
@MicronautTest
@Property(name = "livecomments.websocket.integration-secret", value = "s3cret-value")
class IntegrationSecretTest {

  @Inject EmbeddedServer server;

  @ParameterizedTest
  @EnumSource(IntegrationStyle.class)
  void callsWithoutTheSecretAre403(IntegrationStyle style) {
    Api api = new Api(server.getURI());
    for (String route : new String[] {"connect", "disconnect", "default"}) {
      style.send(api, route, "x=", Map.of(), "{}").assertProblem(403);
      style
          .send(api, route, "x=", Map.of(), "{}", "X-Integration-Secret", "guess")
          .assertProblem(403);
      assertEquals(
          200,
          style
              .send(api, route, "x=", Map.of(), "{}", "X-Integration-Secret", "s3cret-value")
              .status());
    }
  }

  @ParameterizedTest
  @EnumSource(IntegrationStyle.class)
  void aTrailingSlashIsNoWayAroundTheSecret(IntegrationStyle style) {
    Api api = new Api(server.getURI());
    for (String route : new String[] {"connect/", "disconnect/", "default/", "default//"}) {
      style.send(api, route, "x=", Map.of(), "{}").assertProblem(403);
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
