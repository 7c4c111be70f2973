package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** As in production, with the local gateway off: the same document and UI, anonymously. */
@MicronautTest
@Property(name = "livecomments.store", value = "memory")
@Property(name = "livecomments.apigateway.endpoint", value = "http://127.0.0.1:9")
class OpenApiWithoutLocalGatewayTest {

  @Inject EmbeddedServer server;
  @Inject Router router;

  @Test
  void theDocumentAndSwaggerUiAreServedAndStillMatchTheRoutes() {
    Api api = new Api(server.getURI());
    api.get("/ws").assertProblem(404);
    assertEquals(
        OpenApiDocument.routesOf(router), OpenApiDocument.fetch(api).operations(), "routes");
    assertEquals(200, api.get("/swagger-ui").status());
    assertEquals(200, api.get("/swagger-ui/res/swagger-ui-bundle.js").status());
  }
}
