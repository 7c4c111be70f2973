package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DynamoDB goes away under a running service (store=dynamodb): requests get a 503 problem at once
 * (three quick attempts, not the SDK's nine), nothing is half-written, and the service recovers by
 * itself once DynamoDB is back.
 */
class DynamoDbOutageTest {

  @TempDir Path dataDir;

  @Test
  void unreachableDynamoDbIs503AndTheServiceRecoversWhenItReturns() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(dataDir, port);
    try (EmbeddedServer service =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "livecomments.store", "dynamodb",
                "livecomments.dynamodb.endpoint", dynamoDb.endpoint().toString(),
                "livecomments.dynamodb.create-tables", "true",
                "livecomments.broadcast", "none",
                "livecomments.apigateway.endpoint", "http://127.0.0.1:9"))) {
      Api api = new Api(service.getURI());
      String token = api.devToken("alice", null);
      String post = api.createPost(token, "p");

      dynamoDb.close();
      long started = System.nanoTime();
      Reply failed = api.comment(post, token, "while DynamoDB is down", "Idempotency-Key", "k-1");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      failed.assertProblem(503);
      assertTrue(failed.header("Retry-After").isPresent());
      assertTrue(failed.string("detail").contains("unavailable"), failed.text());
      assertTrue(took.toSeconds() < 3, "503 took " + took.toMillis() + " ms");
      api.get("/api/v1/posts/" + post + "/comments").assertProblem(503);
      // Posts never change, so one this instance has seen is still served from its cache.
      assertEquals(200, api.get("/api/v1/posts/" + post).status());
      api.get("/api/v1/posts/00000000-0000-4000-8000-000000000000").assertProblem(503);

      dynamoDb = EmbeddedDynamoDb.start(dataDir, port);
      Reply retried = api.comment(post, token, "while DynamoDB is down", "Idempotency-Key", "k-1");
      assertEquals(201, retried.status(), retried.text());
      assertEquals(1L, ((Number) retried.json().get("seq")).longValue());
      assertEquals(1, api.get("/api/v1/posts/" + post + "/comments").list("comments").size());
    } finally {
      dynamoDb.close();
    }
  }

  @Test
  void aServiceStartedBeforeDynamoDbCreatesItsTablesOnceDynamoDbIsUp() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedServer service =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "livecomments.store", "dynamodb",
                "livecomments.dynamodb.endpoint", "http://127.0.0.1:" + port,
                "livecomments.dynamodb.create-tables", "true",
                "livecomments.broadcast", "none",
                "livecomments.apigateway.endpoint", "http://127.0.0.1:9"))) {
      Api api = new Api(service.getURI());
      String token = api.devToken("alice", null);
      api.post("/api/v1/posts", token, "{\"title\":\"too early\"}").assertProblem(503);

      try (EmbeddedDynamoDb late = EmbeddedDynamoDb.start(dataDir, port)) {
        // The service tries its tables again on a schedule of its own, and creates them one after
        // the other: ask until readiness says all of them are there.
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> api.get("/health/readiness").status() == 200);
        Reply created = api.post("/api/v1/posts", token, "{\"title\":\"in time\"}");
        assertEquals(201, created.status(), created.text());
        String post = created.string("id");
        assertEquals(201, api.comment(post, token, "and a comment").status());
      }
    }
  }
}
