package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Management API is down (nothing listens): comments are still taken, stored, and fast. */
@MicronautTest
@Property(name = "livecomments.apigateway.endpoint", value = "http://127.0.0.1:9")
class GatewayUnreachableTest {

  @Inject EmbeddedServer server;

  @Test
  void postingACommentAnswers201PromptlyAndStoresItWhenThePushCannotBeDelivered() {
    Api api = new Api(server.getURI());
    String token = api.devToken("u-" + UUID.randomUUID(), null);
    String post = api.createPost(token, "p");
    for (int i = 0; i < 20; i++) {
      Reply connected =
          api.post(
              "/api/v1/websocket/connect",
              null,
              "{\"requestContext\":{\"connectionId\":\"c" + i + "=\"}}");
      assertEquals(200, connected.status());
    }

    for (int i = 1; i <= 5; i++) {
      long started = System.nanoTime();
      Reply created = api.comment(post, token, "while the gateway is down " + i);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(201, created.status(), created.text());
      assertTrue(took.toMillis() < 1000, "POST took " + took.toMillis() + " ms");
    }
    Reply page = api.get("/api/v1/posts/" + post + "/comments");
    assertEquals(5, page.list("comments").size());
  }

  @Test
  void theLocalGatewayIsOffWhenARealEndpointIsConfigured() {
    Api api = new Api(server.getURI());
    api.get("/ws").assertProblem(404);
    api.post("/@connections/abc%3D", null, "{}").assertProblem(404);
    api.send("GET", "/@connections/abc%3D", null, null).assertProblem(404);
    api.send("DELETE", "/@connections/abc%3D", null, null).assertProblem(404);
    api.post("/development/broadcast/comments", null, "{}").assertProblem(404);
  }
}
