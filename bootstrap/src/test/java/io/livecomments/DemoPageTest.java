package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The demo page is served with the local gateway, and only with it: beside a real API Gateway the
 * service exposes its API and nothing of the local stand-in. (What the page does in a browser is
 * BrowserIT's.)
 */
class DemoPageTest {

  @Test
  void withTheLocalGatewayTheRootLeadsToTheDemoAndItsFilesAreServed() {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class, Map.of("livecomments.store", "memory"), "test")) {
      Api api = new Api(server.getURI());

      Api.Reply root = api.get("/");
      assertEquals(303, root.status());
      assertEquals(Optional.of("/demo/"), root.header("Location"));

      for (String page : new String[] {"/demo/", "/demo"}) {
        Api.Reply html = api.get(page);
        assertEquals(200, html.status(), page);
        assertEquals(Optional.of("text/html"), html.header("Content-Type"));
        assertTrue(html.text().contains("<script type=\"module\" src=\"/demo/demo.js\">"));
        // User content must never run as a script, even if it ever reached the page as HTML.
        assertTrue(
            html.header("Content-Security-Policy").orElse("").contains("script-src 'self'"),
            html.raw().headers().toString());
      }
      Api.Reply client = api.get("/demo/client/index.js");
      assertEquals(200, client.status());
      assertEquals(Optional.of("text/javascript"), client.header("Content-Type"));
      assertTrue(client.text().contains("export function connect"), "the client module");
      assertTrue(api.get("/demo/demo.js").text().contains("from '/demo/client/index.js'"));
      assertEquals(200, api.get("/demo/demo.css").status());

      api.get("/demo/application.yml").assertProblem(404);
      api.get("/demo/..%2Fapplication.yml").assertProblem(404);
      api.get("/demo/client/..%2F..%2Flogback.xml").assertProblem(404);
    }
  }

  @Test
  void besideARealApiGatewayThereIsNoDemo() {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "livecomments.store", "memory",
                "livecomments.apigateway.endpoint", "http://127.0.0.1:9"),
            "test")) {
      Api api = new Api(server.getURI());
      api.get("/").assertProblem(404);
      api.get("/demo/").assertProblem(404);
      api.get("/demo/client/index.js").assertProblem(404);
    }
  }
}
