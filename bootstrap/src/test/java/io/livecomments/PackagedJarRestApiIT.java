package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The REST suite against the packaged jar started with no configuration in an empty folder (so on
 * the embedded DynamoDB Local default), plus a push over its local gateway. Runs in the
 * integration-test phase, after the jar is built.
 */
class PackagedJarRestApiIT extends PackagedJarRestSuite {

  @Override
  protected Map<String, String> environment() {
    return Map.of();
  }

  @Test
  void aCommentIsPushedToAWebSocketClientThroughTheLocalGateway() {
    Api api = new Api(base());
    String token = api.devToken("ws-" + UUID.randomUUID(), null);
    String post = api.createPost(token, "live");
    try (WsClient client = WsClient.connect(base(), "postId=" + post)) {
      client.send("{\"action\":\"whoami\"}");
      client.await("connection.info");
      String id = api.comment(post, token, "pushed from the jar").string("id");
      Map<?, ?> comment =
          (Map<?, ?>)
              WsClient.data(
                      client.await(
                          "comment.created",
                          m -> id.equals(((Map<?, ?>) WsClient.data(m).get("comment")).get("id"))))
                  .get("comment");
      assertEquals("pushed from the jar", comment.get("content"));
    }
    assertEquals(true, Files.exists(folder.resolve("data").resolve("shared-local-instance.db")));
  }
}
