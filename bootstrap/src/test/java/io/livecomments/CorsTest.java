package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.config.CorsConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pages of other origins call the REST API from browsers as {@code
 * livecomments.cors.allowed-origins} says (CONTRACT section 6): what a browser's CORS check reads,
 * over real HTTP.
 */
class CorsTest {

  private static final String BLOG = "https://blog.example.com";

  private static EmbeddedServer start(Map<String, Object> properties) {
    return ApplicationContext.run(EmbeddedServer.class, properties, "test");
  }

  private static Api.Reply preflight(Api api, String path, String origin, String method) {
    return preflight(
        api, path, origin, method, "authorization,content-type,idempotency-key,x-request-id");
  }

  /** A browser's preflight; {@code requestHeaders} null: one that names no header. */
  private static Api.Reply preflight(
      Api api, String path, String origin, String method, String requestHeaders) {
    List<String> headers =
        new java.util.ArrayList<>(
            List.of("Origin", origin, "Access-Control-Request-Method", method));
    if (requestHeaders != null) {
      headers.addAll(List.of("Access-Control-Request-Headers", requestHeaders));
    }
    return api.send("OPTIONS", path, null, null, headers.toArray(String[]::new));
  }

  private static List<String> values(Api.Reply reply, String header) {
    return reply
        .header(header)
        .map(v -> Arrays.stream(v.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList())
        .orElse(List.of());
  }

  @Test
  void inDevModeAPageOfAnyOriginMayPostEditAndReadComments() {
    try (EmbeddedServer server = start(Map.of())) {
      Api api = new Api(server.getURI());
      String token = api.devToken("cors-" + UUID.randomUUID(), "Cora");
      String post = api.createPost(token, "cors");

      String comments = "/api/v1/posts/" + post + "/comments";
      Map<String, String> routes =
          Map.of(
              "POST",
              comments,
              "PATCH",
              comments + "/" + UUID.randomUUID(),
              "DELETE",
              comments + "/" + UUID.randomUUID());
      for (var route : routes.entrySet()) {
        String method = route.getKey();
        Api.Reply answer = preflight(api, route.getValue(), BLOG, method);
        assertEquals(200, answer.status(), answer.text());
        assertEquals(Optional.of(BLOG), answer.header("Access-Control-Allow-Origin"));
        assertTrue(values(answer, "Access-Control-Allow-Methods").contains(method.toLowerCase()));
        assertTrue(
            values(answer, "Access-Control-Allow-Headers")
                .containsAll(
                    List.of("authorization", "content-type", "idempotency-key", "x-request-id")),
            answer.raw().headers().toString());
        assertTrue(answer.header("Access-Control-Max-Age").isPresent());
        // Tokens travel in Authorization: no cookies, so no credentials.
        assertFalse(answer.header("Access-Control-Allow-Credentials").isPresent());
      }

      // A preflight that names no header is valid (what tools send); one that names a header
      // outside the contract's list is refused.
      Api.Reply bare = preflight(api, comments, BLOG, "POST", null);
      assertEquals(200, bare.status(), bare.text());
      assertEquals(Optional.of(BLOG), bare.header("Access-Control-Allow-Origin"));
      Api.Reply other = preflight(api, comments, BLOG, "POST", "authorization,x-evil");
      other.assertProblem(403);
      assertTrue(other.string("detail").contains("x-evil"), other.text());
      assertFalse(other.header("Access-Control-Allow-Origin").isPresent());

      Api.Reply created = api.comment(post, token, "from the blog", "Origin", BLOG);
      assertEquals(201, created.status(), created.text());
      assertEquals(Optional.of(BLOG), created.header("Access-Control-Allow-Origin"));
      assertTrue(
          values(created, "Access-Control-Expose-Headers")
              .containsAll(
                  List.of("location", "retry-after", "x-request-id", "idempotent-replayed")),
          created.raw().headers().toString());

      // Refusals too, so that the page can read the problem (and a 429's Retry-After).
      Api.Reply refused = api.comment(post, null, "no token", "Origin", BLOG);
      assertEquals(401, refused.status());
      assertEquals(Optional.of(BLOG), refused.header("Access-Control-Allow-Origin"));
      assertTrue(values(refused, "Access-Control-Expose-Headers").contains("retry-after"));

      Api.Reply listed =
          api.send("GET", "/api/v1/posts/" + post + "/comments", null, null, "Origin", BLOG);
      assertEquals(200, listed.status());
      assertEquals(Optional.of(BLOG), listed.header("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void listedOriginsAreTheOnlyOnesLetIn() {
    try (EmbeddedServer server =
        start(
            Map.of(
                "livecomments.cors.allowed-origins",
                "https://Blog.example.com/, http://localhost:3000"))) {
      Api api = new Api(server.getURI());

      Api.Reply listed = preflight(api, "/api/v1/posts", BLOG, "POST");
      assertEquals(200, listed.status());
      assertEquals(Optional.of(BLOG), listed.header("Access-Control-Allow-Origin"));
      assertEquals(
          Optional.of("http://localhost:3000"),
          preflight(api, "/api/v1/posts", "http://localhost:3000", "POST")
              .header("Access-Control-Allow-Origin"));

      Api.Reply other = preflight(api, "/api/v1/posts", "https://evil.example.net", "POST");
      assertFalse(
          other.header("Access-Control-Allow-Origin").isPresent(),
          other.raw().headers().toString());
      Api.Reply read =
          api.send(
              "GET",
              "/api/v1/posts/" + UUID.randomUUID(),
              null,
              null,
              "Origin",
              "https://evil.example.net");
      assertFalse(read.header("Access-Control-Allow-Origin").isPresent());
    }
  }

  @Test
  void outsideDevModeNoOriginIsLetInUntilOneIsListed() {
    assertEquals(List.of(), new CorsConfiguration(null).effectiveOrigins(false));
    assertEquals(List.of("*"), new CorsConfiguration(null).effectiveOrigins(true));
    assertEquals(List.of(BLOG), new CorsConfiguration(List.of(BLOG + "/")).effectiveOrigins(false));
    assertEquals(
        List.of(BLOG, "http://localhost"),
        new CorsConfiguration(List.of(BLOG + ":443", "http://localhost:80"))
            .effectiveOrigins(false));
    assertEquals(List.of(), new CorsConfiguration(List.of("none")).effectiveOrigins(true));
  }

  @Test
  void withNoOriginsNoPageOfAnotherOriginGetsIn() {
    try (EmbeddedServer server = start(Map.of("livecomments.cors.allowed-origins", "none"))) {
      Api api = new Api(server.getURI());
      Api.Reply answer = preflight(api, "/api/v1/posts", BLOG, "POST");
      assertFalse(answer.header("Access-Control-Allow-Origin").isPresent(), answer.text());
      Api.Reply read = api.send("GET", "/health", null, null, "Origin", BLOG);
      assertFalse(read.header("Access-Control-Allow-Origin").isPresent());
    }
  }
}
