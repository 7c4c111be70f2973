package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.livecomments.Api.Reply;
import io.livecomments.config.GracefulShutdown;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /health}, {@code /health/liveness} and {@code /health/readiness} over real HTTP, for
 * anonymous callers and with details switched on, beside the filters that guard the API; and no
 * other management endpoint.
 */
class HealthEndpointsTest {

  // Micronaut's HealthResult, with the explicit nulls that this service's JSON always carries.
  private static final String UP = "{\"name\":null,\"status\":\"UP\",\"details\":null}";
  private static final String DOWN = "{\"name\":null,\"status\":\"DOWN\",\"details\":null}";

  private static EmbeddedServer start(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.putIfAbsent("livecomments.broadcast", "none");
    all.putIfAbsent("livecomments.apigateway.endpoint", "http://127.0.0.1:9");
    return ApplicationContext.run(EmbeddedServer.class, all);
  }

  private static void assertJson(Reply reply, int status, String body) {
    assertEquals(status, reply.status(), reply.text());
    assertEquals(
        Optional.of("application/json"), reply.header("Content-Type").map(v -> v.split(";")[0]));
    assertEquals(body, reply.text());
  }

  @Test
  void anonymousCallersAndUsersWithATokenGetTheStatusOnly() {
    // The embedded store, with the integration secret that production sets: neither hides health.
    try (EmbeddedServer service =
        start(Map.of("livecomments.websocket.integration-secret", "s3cret-value"))) {
      Api api = new Api(service.getURI());
      String token = api.devToken("alice", null);

      for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
        assertJson(api.get(path), 200, UP);
        assertJson(api.get(path, token), 200, UP);
      }
    }
  }

  @Test
  void detailsShowWhereConfigurationAllowsThemAndLivenessLooksOnlyInsideTheProcess() {
    try (EmbeddedServer service = start(Map.of("endpoints.health.details-visible", "ANONYMOUS"))) {
      Api api = new Api(service.getURI());

      Map<String, Object> readiness = api.get("/health/readiness").json();
      Map<String, Object> liveness = api.get("/health/liveness").json();

      assertEquals("UP", readiness.get("status"));
      Map<String, Object> store = details(readiness, "store");
      assertEquals("UP", store.get("status"));
      assertEquals(
          Map.of(
              "livecomments-posts", "ACTIVE",
              "livecomments-comments", "ACTIVE",
              "livecomments-changes", "ACTIVE",
              "livecomments-idempotency", "ACTIVE",
              "livecomments-connections", "ACTIVE"),
          store.get("details"));
      assertEquals(Map.of("draining", false), details(readiness, "drain").get("details"));
      assertFalse(
          readiness.get("details").toString().contains("compositeDiscoveryClient"),
          readiness.toString());
      // Liveness asks nothing outside the process: no store, no disk.
      assertEquals("UP", liveness.get("status"));
      assertEquals(
          List.of("deadlockedThreads"),
          List.copyOf(((Map<?, ?>) liveness.get("details")).keySet()),
          liveness.toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> details(Map<String, Object> health, String indicator) {
    return (Map<String, Object>) ((Map<String, Object>) health.get("details")).get(indicator);
  }

  @Test
  void underTheMemoryStoreReadinessHasNoStoreToCheck() {
    try (EmbeddedServer service =
        start(
            Map.of(
                "livecomments.store", "memory", "endpoints.health.details-visible", "ANONYMOUS"))) {
      Map<String, Object> readiness = new Api(service.getURI()).get("/health/readiness").json();

      assertEquals("UP", readiness.get("status"));
      assertFalse(
          ((Map<?, ?>) readiness.get("details")).containsKey("store"), readiness.toString());
    }
  }

  @Test
  void noOtherManagementEndpointIsServed() {
    try (EmbeddedServer service = start(Map.of("livecomments.store", "memory"))) {
      Api api = new Api(service.getURI());
      String token = api.devToken("mallory", null);
      for (String path :
          List.of("/beans", "/env", "/loggers", "/routes", "/info", "/refresh", "/threaddump")) {
        api.get(path, token).assertProblem(404);
      }
      api.post("/refresh", token, "{}").assertProblem(404);
      api.post("/stop", token, "{}").assertProblem(404);
      api.get("/health/nonsense").assertProblem(400);
    }
  }

  @Test
  void readinessIsDownWhileTheServiceDrainsAndTheHealthEndpointsStayReachable() {
    try (EmbeddedServer service = start(Map.of("livecomments.store", "memory"))) {
      Api api = new Api(service.getURI());
      assertJson(api.get("/health/readiness"), 200, UP);

      service.getApplicationContext().getBean(GracefulShutdown.class).drain();

      assertJson(api.get("/health/readiness"), 503, DOWN);
      assertJson(api.get("/health"), 503, DOWN);
      assertJson(api.get("/health/liveness"), 200, UP);
      api.get("/api/v1/posts/00000000-0000-4000-8000-000000000000").assertProblem(503);
    }
  }
}
