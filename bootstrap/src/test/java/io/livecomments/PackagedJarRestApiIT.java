package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole REST suite again, this time against the packaged jar started with no configuration in
 * an empty folder (so on the embedded DynamoDB Local default), plus a push over its local gateway.
 * Runs in the integration-test phase, after the jar is built.
 */
class PackagedJarRestApiIT extends RestApiTest {

  private static Path folder;
  private static PackagedJar jar;

  @BeforeAll
  static void startTheJar() {
    try {
      folder = Files.createTempDirectory("livecomments-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jar = PackagedJar.start(folder);
  }

  @AfterAll
  static void stopTheJar() {
    jar.close();
  }

  @Override
  protected URI base() {
    return jar.base();
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
