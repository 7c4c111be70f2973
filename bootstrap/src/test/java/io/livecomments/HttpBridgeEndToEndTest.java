package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code broadcast=http-bridge}: one POST per message to the bridge, which fans it out. */
@MicronautTest
@Property(name = "livecomments.broadcast", value = "http-bridge")
class HttpBridgeEndToEndTest {

  @Inject EmbeddedServer server;

  @Test
  void commentsReachWebSocketClientsThroughTheLocalGatewaysBridge() {
    Api api = new Api(server.getURI());
    String token = api.devToken("u-" + UUID.randomUUID(), "bridge@example.com");
    String post = api.createPost(token, "bridged");
    try (WsClient first = WsClient.connect(server.getURI(), "");
        WsClient second = WsClient.connect(server.getURI(), "postId=" + post)) {
      first.connectionId();
      second.connectionId();
      Map<String, Object> comment = api.comment(post, token, "via the bridge").json();

      for (WsClient client : new WsClient[] {first, second}) {
        Map<String, Object> data = WsClient.data(client.await("comment.created"));
        assertEquals(post, data.get("postId"));
        assertEquals(comment, data.get("comment"));
      }
    }
  }
}
