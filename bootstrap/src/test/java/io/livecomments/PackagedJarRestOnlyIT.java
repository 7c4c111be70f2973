package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A REST-only deployment: the packaged jar on the memory store with pushes off and no gateway at
 * all serves the whole REST suite, and exposes none of the local gateway's routes.
 */
class PackagedJarRestOnlyIT extends PackagedJarRestSuite {

  @Override
  protected Map<String, String> environment() {
    return Map.of(
        "LIVECOMMENTS_STORE", "memory",
        "LIVECOMMENTS_BROADCAST", "none",
        "LIVECOMMENTS_LOCAL_GATEWAY_ENABLED", "false");
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
