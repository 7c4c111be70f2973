package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.Api.Reply;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 5's order through a gateway that answers pushes late, out of order and sometimes
 * with 429: the edits and the deletion of a comment reach every client in the order they were made,
 * batching or not; a deletion never arrives before an earlier edit.
 *
 * <p>The changes here are made one after the other, so their order is known without {@code rev}.
 * Must-show 3 of issue 11 (concurrent changes, {@code rev} order) is this test with the changes
 * made from several threads and the check done on each event's {@code rev}.
 */
class OrderedPushesTest {

  private static final int CLIENTS = 20;
  private static final int EDITS = 50;

  @Test
  void editsAndTheDeletionReachEveryClientInTheOrderTheyWereMade() throws Exception {
    try (FakeManagementApi gateway = new FakeManagementApi(15, 0.1);
        EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                    "livecomments.store", "memory",
                    "livecomments.apigateway.endpoint", gateway.endpoint().toString(),
                    "livecomments.push.retry-attempts", 20,
                    "livecomments.push.retry-first-backoff", "10ms",
                    "livecomments.push.retry-max-backoff", "50ms"))) {
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
