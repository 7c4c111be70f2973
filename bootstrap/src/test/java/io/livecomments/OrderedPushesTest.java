package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 5's order through a gateway that answers pushes late, out of order and sometimes
 * with 429: the edits and the deletion of a comment reach every client in the order they were made,
 * batching or not; a deletion never arrives before an earlier edit.
 *
 * <p>The first test makes its changes one after the other, so their order is known without {@code
 * rev}; the second makes them from several threads at once, and checks that every client sees the
 * post's events in {@code rev} order, every rev once (issue 11, must-show 3).
 */
class OrderedPushesTest {

  private static final int CLIENTS = 20;
  private static final int EDITS = 50;

  /** The service pushing to the flaky gateway, patient enough that no retry gives up. */
  private static EmbeddedServer serviceBehind(FakeManagementApi gateway) {
    return ApplicationContext.run(
        EmbeddedServer.class,
        Map.of(
            "livecomments.store", "memory",
            "livecomments.apigateway.endpoint", gateway.endpoint().toString(),
            "livecomments.push.retry-attempts", 20,
            "livecomments.push.retry-first-backoff", "10ms",
            "livecomments.push.retry-max-backoff", "50ms"));
  }

  @Test
  void editsAndTheDeletionReachEveryClientInTheOrderTheyWereMade() throws Exception {
    try (FakeManagementApi gateway = new FakeManagementApi(15, 0.1);
        EmbeddedServer server = serviceBehind(gateway)) {
      Api api = new Api(server.getURI());
      String token = api.devToken("editor", null);
      String post = api.createPost(token, "edited a lot");
      List<String> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        String id = "ordered" + i + "=";
        IntegrationStyle style = i % 2 == 0 ? IntegrationStyle.JSON : IntegrationStyle.PROXY;
        Map<String, String> query =
            i % 4 < 2 ? Map.of("postId", post, "batch", "1") : Map.of("postId", post);
        assertEquals(200, style.send(api, "connect", id, query, null).status());
        clients.add(id);
      }
      String comment = api.comment(post, token, "edit 0").string("id");
      List<String> made = new ArrayList<>(List.of("created edit 0"));
      for (int n = 1; n <= EDITS; n++) {
        Reply edited =
            api.send(
                "PATCH",
                "/api/v1/posts/" + post + "/comments/" + comment,
                token,
                "{\"content\":\"edit " + n + "\"}");
        assertEquals(200, edited.status(), edited.text());
        made.add("updated edit " + n);
      }
      Reply deleted =
          api.send("DELETE", "/api/v1/posts/" + post + "/comments/" + comment, token, null);
      assertEquals(204, deleted.status(), deleted.text());
      made.add("deleted");

      WsClient.eventually()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> events(gateway, c).size() >= made.size()));
      for (String client : clients) {
        assertEquals(made, events(gateway, client), client);
      }
      assertEquals(0, gateway.overlaps(), "never two pushes to one connection at once");
    }
  }

  @Test
  void concurrentEditsAndDeletesReachEveryClientInRevOrder() throws Exception {
    try (FakeManagementApi gateway = new FakeManagementApi(15, 0.1);
        EmbeddedServer server = serviceBehind(gateway)) {
      Api api = new Api(server.getURI());
      String token = api.devToken("editor", null);
      String post = api.createPost(token, "edited from many threads");
      List<String> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        String id = "concurrent" + i + "=";
        Map<String, String> query =
            i % 2 == 0 ? Map.of("postId", post, "batch", "1") : Map.of("postId", post);
        assertEquals(200, IntegrationStyle.JSON.send(api, "connect", id, query, null).status());
        clients.add(id);
      }
      List<String> comments = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        comments.add(api.comment(post, token, "comment " + i).string("id"));
      }
      // 50 changes from 8 threads: 40 edits spread over the comments, 10 deletions (the last
      // five comments twice each: one of each pair is a 404 that must change nothing).
      List<Callable<Integer>> changes = new ArrayList<>();
      for (int n = 0; n < 50; n++) {
        String comment = comments.get(n % comments.size());
        String path = "/api/v1/posts/" + post + "/comments/" + comment;
        if (n % 5 == 4) {
          String target = "/api/v1/posts/" + post + "/comments/" + comments.get(5 + n / 10);
          changes.add(() -> api.send("DELETE", target, token, null).status());
        } else {
          String body = "{\"content\":\"edit " + n + "\"}";
          changes.add(() -> api.send("PATCH", path, token, body).status());
        }
      }
      ExecutorService threads = Executors.newFixedThreadPool(8);
      List<Integer> statuses = new ArrayList<>();
      try {
        for (Future<Integer> status : threads.invokeAll(changes)) {
          statuses.add(status.get());
        }
      } finally {
        threads.shutdownNow();
      }
      assertTrue(
          statuses.stream().allMatch(s -> s == 200 || s == 204 || s == 404), statuses.toString());
      long headRev =
          ((Number) api.get("/api/v1/posts/" + post + "/comments?limit=1").json().get("headRev"))
              .longValue();
      assertTrue(headRev >= 10 + 5, "at least the creations and five deletions: " + headRev);
      List<Long> everyRev = LongStream.rangeClosed(1, headRev).boxed().toList();

      WsClient.eventually()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> revs(gateway, c).size() >= headRev));
      for (String client : clients) {
        assertEquals(everyRev, revs(gateway, client), client + " saw the post's revs in order");
      }
      assertEquals(0, gateway.overlaps(), "never two pushes to one connection at once");
    }
  }

  /** The revs of the client's comment events, in the order they arrived. */
  @SuppressWarnings("unchecked")
  private static List<Long> revs(FakeManagementApi gateway, String connectionId) {
    return gateway.messagesTo(connectionId).stream()
        .filter(m -> String.valueOf(m.get("type")).startsWith("comment."))
        .map(m -> ((Number) ((Map<String, Object>) m.get("data")).get("rev")).longValue())
        .toList();
  }

  /** The client's comment events, as "created edit 0", "updated edit 7", "deleted". */
  @SuppressWarnings("unchecked")
  private static List<String> events(FakeManagementApi gateway, String connectionId) {
    List<String> events = new ArrayList<>();
    for (Map<String, Object> message : gateway.messagesTo(connectionId)) {
      Map<String, Object> data = (Map<String, Object>) message.get("data");
      Map<String, Object> comment = (Map<String, Object>) data.get("comment");
      if ("comment.created".equals(message.get("type"))) {
        events.add("created " + comment.get("content"));
      } else if ("comment.updated".equals(message.get("type"))) {
        events.add(
            "deleted".equals(data.get("action"))
                ? "deleted"
                : data.get("action") + " " + comment.get("content"));
      }
    }
    return events;
  }
}
