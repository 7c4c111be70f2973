package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A REST-only deployment: the packaged jar on the memory store with pushes off and no gateway at
 * all serves the whole REST suite, and exposes none of the local gateway's routes.
 */
class PackagedJarRestOnlyIT extends RestApiTest {

  private static Path folder;
  private static PackagedJar jar;

  @BeforeAll
  static void startTheJar() {
    try {
      folder = Files.createTempDirectory("livecomments-rest-only");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jar =
        PackagedJar.start(
            folder,
            Map.of(
                "LIVECOMMENTS_STORE", "memory",
                "LIVECOMMENTS_BROADCAST", "none",
                "LIVECOMMENTS_LOCAL_GATEWAY_ENABLED", "false"));
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
  void noGatewayRouteExistsAndNothingIsWrittenToDisk() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path :
        new String[] {"/ws", "/@connections/abc%3D", "/development/broadcast/comments"}) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(base().resolve(path))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, answer.statusCode(), path);
    }
    assertFalse(Files.exists(folder.resolve("data")), "the memory store keeps nothing on disk");
  }
}
