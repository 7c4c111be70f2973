package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /prometheus} on a started service, scraped over real HTTP and read with a strict
 * parser of the text format: after comments reach real WebSocket clients, the {@code
 * livecomments_*} series of CONTRACT section 9 hold exactly what happened.
 */
class MetricsEndpointTest {

  private static final int COMMENTS = 6;
  private static final int CLIENTS = 3;

  @TempDir Path dataDir;

  private static EmbeddedServer start(Map<String, Object> settings) {
    return ApplicationContext.run(EmbeddedServer.class, settings);
  }

  private static PrometheusText scrape(Api api) {
    Reply reply = api.get("/prometheus");
    assertEquals(200, reply.status(), reply.text());
    assertTrue(
        reply.header("Content-Type").orElseThrow().startsWith("text/plain"),
        reply.header("Content-Type").orElseThrow());
    return PrometheusText.parse(reply.text());
  }

  private static String connect(String connectionId, String postId) {
    return "{\"requestContext\":{\"connectionId\":\""
        + connectionId
        + "\",\"routeKey\":\"$connect\"},\"queryStringParameters\":{\"postId\":\""
        + postId
        + "\"}}";
  }

  @Test
  void afterCommentsReachConnectedClientsTheCountersSayExactlyWhatHappened() throws Exception {
    try (EmbeddedServer server =
        start(
            Map.of(
                "livecomments.store",
                "memory",
                // One comment a minute per writer: each writes one, a second is refused.
                "livecomments.rate-limit.comments-per-minute",
                1))) {
      Api api = new Api(server.getURI());
      List<String> writers = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < COMMENTS; i++) {
        writers.add("writer-" + UUID.randomUUID());
        tokens.add(api.devToken(writers.get(i), "writer" + i + "@example.com"));
      }
      String token = tokens.get(0);
      String post = api.createPost(token, "metered");
      List<WsClient> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(WsClient.connect(server.getURI(), "postId=" + post));
      }
      // A connection the gateway has lost without telling us: every push to it answers 410.
      String ghost = "ghost" + UUID.randomUUID().toString().substring(0, 8) + "=";
      assertEquals(200, api.post("/api/v1/websocket/connect", null, connect(ghost, post)).status());
      WsClient.eventually()
          .until(
              () ->
                  ((Number) api.get("/api/v1/websocket/connections").json().get("connectionCount"))
                      .intValue(),
              count -> count == CLIENTS + 1);

      // All at once, so that several pushes to the ghost are in flight when the first 410 comes.
      ExecutorService threads = Executors.newFixedThreadPool(COMMENTS);
      List<CompletableFuture<Reply>> posted = new ArrayList<>();
      for (int i = 0; i < COMMENTS; i++) {
        String as = tokens.get(i);
        String content = "comment " + i;
        posted.add(CompletableFuture.supplyAsync(() -> api.comment(post, as, content), threads));
      }
      List<String> commentIds = new ArrayList<>();
      for (CompletableFuture<Reply> reply : posted) {
        Reply created = reply.get(30, TimeUnit.SECONDS);
        assertEquals(201, created.status(), created.text());
        commentIds.add(created.string("id"));
      }
      threads.shutdown();
      api.comment(post, token, "one too many").assertProblem(429);
      String commentPath = "/api/v1/posts/" + post + "/comments/" + commentIds.get(0);
      assertEquals(200, api.send("PATCH", commentPath, token, "{\"content\":\"edited\"}").status());
      assertEquals(204, api.send("DELETE", commentPath, token, null).status());
      int fanOuts = COMMENTS + 2;
      for (WsClient client : clients) {
        WsClient.eventually()
            .until(
                () ->
                    client.ofType("comment.created").size()
                        + client.ofType("comment.updated").size(),
                n -> n == fanOuts);
      }
      // Unknown paths and ids, which must not become series of their own.
      String stray = UUID.randomUUID().toString();
      api.get("/no/such/" + stray).assertProblem(404);
      api.get("/api/v1/posts/" + stray).assertProblem(404);
      api.get("/api/v1/posts/" + stray + "/comments").assertProblem(404);

      // The fan-out is timed until its last push settles, a moment after the clients have it.
      PrometheusText metrics =
          WsClient.eventually()
              .until(
                  () -> scrape(api),
                  m ->
                      m.value("livecomments_fanout_duration_seconds_count") == fanOuts
                          && m.value("livecomments_push_queue_messages") == 0);

      assertEquals(COMMENTS, metrics.value("livecomments_comments_created_total"));
      assertEquals(COMMENTS, metrics.value("livecomments_changes_total", "action", "created"));
      assertEquals(1, metrics.value("livecomments_changes_total", "action", "updated"));
      assertEquals(1, metrics.value("livecomments_changes_total", "action", "deleted"));
      double delivered = metrics.value("livecomments_pushes_total", "outcome", "delivered");
      assertEquals(fanOuts * CLIENTS, delivered);
      assertEquals(1, metrics.value("livecomments_pushes_total", "outcome", "gone"));
      assertEquals(0, metrics.value("livecomments_pushes_total", "outcome", "throttled"));
      assertEquals(0, metrics.value("livecomments_pushes_total", "outcome", "failed"));
      assertEquals(0, metrics.value("livecomments_pushes_total", "outcome", "rejected"));
      // One frame per delivered message, plus the pushes to the ghost made before it was forgotten.
      double toGhost =
          metrics.value("livecomments_push_frames_total", "kind", "single") - delivered;
      assertTrue(toGhost >= 1 && toGhost <= fanOuts, "frames to the ghost: " + toGhost);
      assertEquals(0, metrics.value("livecomments_push_frames_total", "kind", "batch"));
      assertTrue(metrics.value("livecomments_fanout_duration_seconds_sum") > 0);
      assertEquals(
          fanOuts, metrics.value("livecomments_fanout_duration_seconds_bucket", "le", "+Inf"));
      assertEquals(CLIENTS + 1, metrics.value("livecomments_connections_registered_total"));
      assertEquals(1, metrics.value("livecomments_rate_limited_total"));
      assertEquals(
          0, metrics.value("livecomments_store_errors_total", "operation", "comments.append"));
      assertEquals(
          "histogram", metrics.families().get("livecomments_fanout_duration_seconds").type());

      assertTrue(metrics.families().keySet().stream().anyMatch(n -> n.startsWith("jvm_memory")));
      List<String> uris =
          metrics.samples().stream()
              .filter(s -> s.name().startsWith("http_server_requests_seconds"))
              .map(s -> s.labels().get("uri"))
              .distinct()
              .toList();
      assertTrue(uris.contains("/api/v1/posts/{postId}/comments"), uris.toString());
      List<String> ids = new ArrayList<>(List.of(post, stray, ghost));
      ids.addAll(writers);
      ids.addAll(commentIds);
      for (PrometheusText.Sample sample : metrics.samples()) {
        for (String value : sample.labels().values()) {
          for (String id : ids) {
            assertFalse(value.contains(id), "an id in a label: " + sample);
          }
        }
      }
      clients.forEach(WsClient::close);
    }
  }

  @Test
  void aStoreOutageIsCountedOncePerFailedCallUnderItsOperation() throws Exception {
    EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.startInMemory();
    try (EmbeddedServer server =
        start(
            Map.of(
                "livecomments.store", "dynamodb",
                "livecomments.dynamodb.endpoint", dynamoDb.endpoint().toString(),
                "livecomments.dynamodb.create-tables", "true",
                "livecomments.broadcast", "none",
                "livecomments.apigateway.endpoint", "http://127.0.0.1:9"))) {
      Api api = new Api(server.getURI());
      assertEquals(
          0, scrape(api).value("livecomments_store_errors_total", "operation", "posts.find"));

      dynamoDb.close();
      api.get("/api/v1/posts/" + UUID.randomUUID()).assertProblem(503);

      PrometheusText metrics = scrape(api);
      assertEquals(1, metrics.value("livecomments_store_errors_total", "operation", "posts.find"));
      assertEquals(
          0, metrics.value("livecomments_store_errors_total", "operation", "comments.append"));
    } finally {
      dynamoDb.close();
    }
  }

  /**
   * Prometheus's own linter, {@code promtool check metrics} (Debian's {@code prometheus} package),
   * on a real scrape: it must parse it (exit 1 is a parse error) and find nothing to say about our
   * own series. Its naming advice on Micrometer's JVM and HTTP meters (exit 3, e.g. "no help text"
   * for {@code http_server_requests_seconds}) is theirs, and only printed. Skipped, saying so,
   * where promtool is not installed.
   */
  @Test
  void promtoolFindsNothingWrongWithTheScrape() throws Exception {
    Path promtool =
        java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
            .map(dir -> Path.of(dir, "promtool"))
            .filter(java.nio.file.Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(
        promtool != null,
        "promtool is not on the PATH (apt-get install --no-install-recommends prometheus)");
    try (EmbeddedServer server = start(Map.of("livecomments.store", "memory"))) {
      Api api = new Api(server.getURI());
      String token = api.devToken("alice", null);
      String post = api.createPost(token, "linted");
      assertEquals(201, api.comment(post, token, "hello").status());
      String body = api.get("/prometheus").text();

      Process check =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectErrorStream(true)
              .start();
      try (var in = check.getOutputStream()) {
        in.write(body.getBytes(StandardCharsets.UTF_8));
      }
      String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(check.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
      assertTrue(
          check.exitValue() == 0 || check.exitValue() == 3,
          "promtool check metrics failed (" + check.exitValue() + "):\n" + said);
      assertFalse(said.contains("livecomments_"), "promtool on our series:\n" + said);
      System.out.println("promtool check metrics (exit " + check.exitValue() + "):\n" + said);
    } catch (IOException e) {
      throw new AssertionError("could not run " + promtool, e);
    }
  }
}
