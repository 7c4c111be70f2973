package io.livecomments;

import static io.livecomments.OpenApiDocument.list;
import static io.livecomments.OpenApiDocument.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code /openapi/livecomments.yml}) and Swagger UI ({@code /swagger-ui}) as
 * a client team would use them: fetched anonymously from the running service, the document
 * describing exactly the routes the service has, with their responses and problems.
 */
@MicronautTest
class OpenApiDocumentTest {

  @Inject EmbeddedServer server;
  @Inject Router router;

  private Api api;
  private OpenApiDocument document;

  @BeforeEach
  void setUp() {
    api = new Api(server.getURI());
    document = OpenApiDocument.fetch(api);
  }

  @Test
  void theDocumentListsEveryRouteTheServiceHasAndNoOther() {
    Set<String> routes = OpenApiDocument.routesOf(router);
    assertTrue(routes.contains("POST /api/v1/websocket/connect"), routes.toString());
    assertEquals(routes, document.operations(), "routes (expected) against documented operations");
  }

  @Test
  void everyOperationHasASummaryASuccessAndProblemJsonForEveryError() {
    Map<String, Object> problem = document.resolve("#/components/schemas/Problem");
    assertEquals(
        Set.of("type", "title", "status", "detail", "errors"),
        map(problem.get("properties")).keySet());
    for (String operation : document.operations()) {
      String[] parts = operation.split(" ", 2);
      Map<String, Object> op = document.operation(parts[0], parts[1]);
      assertTrue(op.get("summary") instanceof String, operation + " has no summary");
      Map<String, Object> responses = map(op.get("responses"));
      assertTrue(
          responses.keySet().stream().anyMatch(code -> code.startsWith("2")),
          operation + " has no success");
      List<Object> parameters = list(op.get("parameters"));
      assertTrue(
          parameters.contains(Map.of("$ref", "#/components/parameters/X-Request-Id")),
          operation + " does not take X-Request-Id");
      for (Map.Entry<String, Object> response : responses.entrySet()) {
        Map<String, Object> answer = map(response.getValue());
        if (answer.containsKey("$ref")) {
          answer = document.resolve((String) answer.get("$ref"));
        }
        assertTrue(
            map(answer.get("headers")).containsKey("X-Request-Id"),
            operation + " " + response.getKey() + " does not say it carries X-Request-Id");
        if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
          assertEquals(
              Map.of("$ref", "#/components/schemas/Problem"),
              map(map(answer.get("content")).get("application/problem+json")).get("schema"),
              operation + " " + response.getKey() + " is not a problem");
        }
      }
    }
  }

  @Test
  void writesNeedTheBearerTokenAndTheGatewaysEndpointsTheSecret() {
    Map<String, Object> bearer = document.resolve("#/components/securitySchemes/bearer");
    assertEquals(Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"), subset(bearer));
    List<String> writes =
        List.of(
            "POST /api/v1/posts",
            "POST /api/v1/posts/{postId}/comments",
            "PATCH /api/v1/notes/{postId}/comments/{commentId}",
            "DELETE /api/v1/me/notes/{postId}/comments/{commentId}",
            "GET /api/v1/me/notes/{postId}/comments",
            "POST /api/v1/websocket/test");
    for (String write : writes) {
      String[] parts = write.split(" ", 2);
      assertEquals(
          List.of(Map.of("bearer", List.of())),
          document.operation(parts[0], parts[1]).get("security"),
          write);
      assertTrue(
          map(document.operation(parts[0], parts[1]).get("responses")).containsKey("401"), write);
    }
    assertFalse(document.operation("GET", "/api/v1/posts/{postId}").containsKey("security"));
    for (String route : List.of("connect", "disconnect", "default")) {
      Map<String, Object> op = document.operation("POST", "/api/v1/websocket/" + route);
      assertEquals(List.of(Map.of("integrationSecret", List.of())), op.get("security"), route);
      assertTrue(
          list(op.get("parameters"))
              .containsAll(
                  List.of(
                      Map.of("$ref", "#/components/parameters/X-Connection-Id"),
                      Map.of("$ref", "#/components/parameters/X-Event-Type"),
                      Map.of("$ref", "#/components/parameters/X-Route-Key"))),
          route + " does not document the proxy-style headers");
    }
    assertTrue(
        map(map(document.operation("POST", "/api/v1/websocket/default").get("requestBody"))
                .get("content"))
            .keySet()
            .containsAll(Set.of("application/json", "text/plain")),
        "$default takes the JSON-style event or the raw frame");
    assertTrue(
        list(document.operation("POST", "/api/v1/posts/{postId}/comments").get("parameters"))
            .stream()
            .anyMatch(p -> "Idempotency-Key".equals(map(p).get("name"))));
  }

  private static Map<String, Object> subset(Map<String, Object> scheme) {
    return Map.of(
        "type", scheme.get("type"),
        "scheme", scheme.get("scheme"),
        "bearerFormat", scheme.get("bearerFormat"));
  }

  @Test
  void swaggerUiIsServedFromTheServiceItselfWithNothingFromElsewhere() {
    Api.Reply page = api.get("/swagger-ui");
    assertEquals(200, page.status(), page.text());
    assertTrue(page.header("Content-Type").orElseThrow().startsWith("text/html"));
    String html = page.text();
    assertTrue(html.contains("'" + OpenApiDocument.PATH + "'"), "loads our document");
    assertFalse(html.matches("(?s).*(https?:)?//[a-zA-Z0-9.-]+\\.[a-z]{2,}/.*"), html);
    List<String> assets = new ArrayList<>();
    Matcher local = Pattern.compile("contextPath \\+ \"([^\"]+)\"").matcher(html);
    while (local.find()) {
      assets.add(local.group(1));
    }
    assertTrue(assets.contains("/swagger-ui/res/swagger-ui-bundle.js"), assets.toString());
    for (String asset : assets) {
      assertEquals(200, api.get(asset).status(), asset);
    }
  }
}
