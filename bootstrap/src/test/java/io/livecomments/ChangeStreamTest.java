package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.domain.ConnectionId;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The change stream (CONTRACT section 8) over real HTTP and a real WebSocket against the started
 * service, on its default store (DynamoDB Local in this process). The service's clock can be moved
 * forward, so that the retention passes without waiting for it.
 */
@MicronautTest(environments = "shifted-clock")
@Property(name = "livecomments.changes.retention", value = "1h")
@Property(name = "livecomments.rate-limit.comments-per-minute", value = "100000")
class ChangeStreamTest {

  private static final String EXPIRED = "urn:livecomments:problem:changes-expired";

  @Inject EmbeddedServer server;
  @Inject ShiftedClock clock;
  @Inject ConnectionRegistry registry;

  private Api api;
  private String alice;
  private String aliceId;

  /** The system clock, plus however far a test moved it on. */
  @Singleton
  @Replaces(Clock.class)
  @Requires(env = "shifted-clock")
  static class ShiftedClock extends Clock {
    private volatile Duration shift = Duration.ZERO;

    synchronized void advance(Duration by) {
      shift = shift.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the service runs on UTC");
    }
  }

  @BeforeEach
  void setUp() {
    api = new Api(server.getURI());
    aliceId = "alice-" + UUID.randomUUID();
    alice = api.devToken(aliceId, "alice@example.com");
  }

  private static long number(Map<String, Object> json, String field) {
    return ((Number) json.get(field)).longValue();
  }

  private String commentPath(String post, String commentId) {
    return "/api/v1/posts/" + post + "/comments/" + commentId;
  }

  private Map<String, Object> edit(String post, String commentId, String content) {
    Reply edited =
        api.send(
            "PATCH",
            commentPath(post, commentId),
            alice,
            "{\"content\":" + Api.quote(content) + "}");
    assertEquals(200, edited.status(), edited.text());
    return edited.json();
  }

  private void delete(String post, String commentId) {
    Reply deleted = api.send("DELETE", commentPath(post, commentId), alice, null);
    assertEquals(204, deleted.status(), deleted.text());
  }

  private String create(String post, String content) {
    Reply created = api.comment(post, alice, content);
    assertEquals(201, created.status(), created.text());
    return created.string("id");
  }

  // REST: GET …/changes

  @Test
  void changesListEveryCreationEditAndDeletionInRevOrderWithTheContractsShape() {
    String post = api.createPost(alice, "p");
    Reply first = api.comment(post, alice, "one");
    String one = first.string("id");
    assertEquals(1, number(first.json(), "rev"));
    String two = create(post, "two");
    Map<String, Object> edited = edit(post, one, "one, edited");
    assertEquals(3, number(edited, "rev"));
    delete(post, two);

    Reply page = api.get("/api/v1/posts/" + post + "/changes?afterRev=0");
    assertEquals(200, page.status(), page.text());
    assertEquals(
        List.of("postId", "changes", "count", "nextAfterRev", "headRev"),
        List.copyOf(page.json().keySet()));
    assertEquals(post, page.string("postId"));
    assertEquals(4, number(page.json(), "count"));
    assertEquals(4, number(page.json(), "headRev"));
    assertTrue(page.json().containsKey("nextAfterRev"));
    assertNull(page.json().get("nextAfterRev"));
    List<Map<String, Object>> changes = page.list("changes");
    assertEquals(
        List.of("rev", "action", "commentId", "comment", "at"),
        List.copyOf(changes.get(0).keySet()));
    assertEquals(List.of(1L, 2L, 3L, 4L), changes.stream().map(c -> number(c, "rev")).toList());
    assertEquals(
        List.of("created", "created", "updated", "deleted"),
        changes.stream().map(c -> c.get("action")).toList());
    assertEquals(
        List.of(one, two, one, two), changes.stream().map(c -> c.get("commentId")).toList());
    assertEquals(
        first.json(), changes.get(0).get("comment"), "the comment as its creation left it");
    assertEquals(edited, changes.get(2).get("comment"), "the comment as the edit left it");
    assertTrue(changes.get(3).containsKey("comment"));
    assertNull(changes.get(3).get("comment"));
    for (Map<String, Object> change : changes) {
      assertTrue(((String) change.get("at")).endsWith("Z"));
      Instant.parse((String) change.get("at"));
    }
    Reply comments = api.get("/api/v1/posts/" + post + "/comments");
    assertEquals(4, number(comments.json(), "headRev"), "a page says which rev it reflects");
  }

  @Test
  void changesArePagedWithNextAfterRevUntilTheHead() {
    String post = api.createPost(alice, "p");
    String id = create(post, "c0");
    for (int i = 1; i <= 6; i++) {
      edit(post, id, "c" + i);
    }
    List<Long> revs = new ArrayList<>();
    Long after = 0L;
    int pages = 0;
    while (after != null) {
      Reply page = api.get("/api/v1/posts/" + post + "/changes?afterRev=" + after + "&limit=3");
      assertEquals(200, page.status(), page.text());
      assertEquals(7, number(page.json(), "headRev"));
      page.list("changes").forEach(c -> revs.add(number(c, "rev")));
      Object next = page.json().get("nextAfterRev");
      after = next == null ? null : ((Number) next).longValue();
      pages++;
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), revs);
    assertEquals(3, pages);
    Reply atHead = api.get("/api/v1/posts/" + post + "/changes?afterRev=7");
    assertEquals(0, number(atHead.json(), "count"));
    assertNull(atHead.json().get("nextAfterRev"));
    Reply beyond = api.get("/api/v1/posts/" + post + "/changes?afterRev=100");
    assertEquals(200, beyond.status(), beyond.text());
    assertEquals(0, number(beyond.json(), "count"));
    assertEquals(7, number(beyond.json(), "headRev"), "the real head, not the client's guess");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "afterRev=-1",
        "afterRev=abc",
        "afterRev=1.5",
        "limit=0",
        "limit=501",
        "limit=ten"
      })
  void aBadAfterRevOrLimitIs400NamingIt(String query) {
    String post = api.createPost(alice, "p");
    Reply bad = api.get("/api/v1/posts/" + post + "/changes?" + query).assertProblem(400);
    assertEquals(query.substring(0, query.indexOf('=')), bad.list("errors").get(0).get("field"));
  }

  @Test
  void anUnknownPostIs404AndAMalformedId400() {
    api.get("/api/v1/posts/" + UUID.randomUUID() + "/changes").assertProblem(404);
    api.get("/api/v1/notes/" + UUID.randomUUID() + "/changes").assertProblem(404);
    api.get("/api/v1/posts/not-a-uuid/changes").assertProblem(400);
  }

  @Test
  void notesAndMyNotesServeTheSameChangesMyNotesOnlyToTheAuthor() {
    String note = api.createPost(alice, "n");
    create(note, "hello");
    Reply viaPosts = api.get("/api/v1/posts/" + note + "/changes");
    Reply viaNotes = api.get("/api/v1/notes/" + note + "/changes");
    Reply viaMyNotes = api.get("/api/v1/me/notes/" + note + "/changes", alice);
    assertEquals(200, viaNotes.status(), viaNotes.text());
    assertEquals(200, viaMyNotes.status(), viaMyNotes.text());
    assertEquals(viaPosts.json(), viaNotes.json());
    assertEquals(viaPosts.json(), viaMyNotes.json());
    String bob = api.devToken("bob-" + UUID.randomUUID(), "bob");
    api.get("/api/v1/me/notes/" + note + "/changes", bob).assertProblem(403);
    api.get("/api/v1/me/notes/" + note + "/changes").assertProblem(401);
  }

  @Test
  void changesOlderThanTheRetentionAre410ChangesExpiredOnEveryRoute() {
    String post = api.createPost(alice, "p");
    String id = create(post, "old");
    clock.advance(Duration.ofMinutes(40));
    edit(post, id, "newer");
    clock.advance(Duration.ofMinutes(30));

    for (String route : List.of("/api/v1/posts/", "/api/v1/notes/", "/api/v1/me/notes/")) {
      Reply gone = api.get(route + post + "/changes?afterRev=0", alice).assertProblem(410);
      assertEquals(EXPIRED, gone.string("type"), route);
      Reply kept = api.get(route + post + "/changes?afterRev=1", alice);
      assertEquals(200, kept.status(), kept.text());
      assertEquals(List.of(2L), kept.list("changes").stream().map(c -> number(c, "rev")).toList());
    }
  }

  // Must-show 4: a client away for a while catches up with /changes and ends where the post is.

  /** What a client keeps of a post: its comments by id, and the last rev it applied. */
  private static final class LocalState {
    final Map<String, Map<String, Object>> comments = new HashMap<>();
    long lastRev;

    /** CONTRACT section 8: apply rev last + 1 only; a comment takes only a newer state. */
    @SuppressWarnings("unchecked")
    void apply(long rev, String action, String commentId, Object comment) {
      assertEquals(lastRev + 1, rev, "changes are applied without gaps");
      if (action.equals("deleted")) {
        comments.remove(commentId);
      } else {
        Map<String, Object> next = (Map<String, Object>) comment;
        Map<String, Object> mine = comments.get(commentId);
        if (mine == null || number(mine, "rev") < number(next, "rev")) {
          comments.put(commentId, next);
        }
      }
      lastRev = rev;
    }

    /** A pushed event: applied if it is the next one, ignored if already applied. */
    @SuppressWarnings("unchecked")
    void applyEvent(Map<String, Object> message) {
      Map<String, Object> data = WsClient.data(message);
      long rev = number(data, "rev");
      if (rev <= lastRev) {
        return;
      }
      if (message.get("type").equals("comment.created")) {
        Map<String, Object> comment = (Map<String, Object>) data.get("comment");
        apply(rev, "created", (String) comment.get("id"), comment);
      } else {
        apply(
            rev, (String) data.get("action"), (String) data.get("commentId"), data.get("comment"));
      }
    }
  }

  private List<Map<String, Object>> allComments(String post) {
    List<Map<String, Object>> all = new ArrayList<>();
    long after = 0;
    while (true) {
      Reply page = api.get("/api/v1/posts/" + post + "/comments?limit=2&afterSeq=" + after);
      assertEquals(200, page.status(), page.text());
      all.addAll(page.list("comments"));
      Object next = page.json().get("nextAfterSeq");
      if (next == null) {
        return all;
      }
      after = ((Number) next).longValue();
    }
  }

  private void catchUp(String post, LocalState state) {
    Long after = state.lastRev;
    while (after != null) {
      Reply page = api.get("/api/v1/posts/" + post + "/changes?limit=2&afterRev=" + after);
      assertEquals(200, page.status(), page.text());
      for (Map<String, Object> change : page.list("changes")) {
        state.apply(
            number(change, "rev"),
            (String) change.get("action"),
            (String) change.get("commentId"),
            change.get("comment"));
      }
      Object next = page.json().get("nextAfterRev");
      after = next == null ? null : ((Number) next).longValue();
    }
  }

  private void awaitDeregistered(String connectionId) {
    WsClient.eventually()
        .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .untilAsserted(
            () -> assertFalse(registry.find(new ConnectionId(connectionId)).isPresent()));
  }

  @Test
  void aClientThatMissedCreatesEditsAndDeletesCatchesUpToExactlyThePostsState() {
    String post = api.createPost(alice, "p");
    String a = create(post, "a");
    String b = create(post, "b");
    String c = create(post, "c");

    LocalState state = new LocalState();
    String connectionId;
    try (WsClient client = WsClient.connect(server.getURI(), "postId=" + post)) {
      connectionId = client.connectionId();
      Reply page = api.get("/api/v1/posts/" + post + "/comments?limit=100");
      page.list("comments")
          .forEach(comment -> state.comments.put((String) comment.get("id"), comment));
      state.lastRev = number(page.json(), "headRev");
      assertEquals(3, state.lastRev);

      String d = create(post, "d");
      edit(post, a, "a, edited while connected");
      Map<String, Object> edit =
          client.await("comment.updated", m -> number(WsClient.data(m), "rev") == 5);
      client.ofType("comment.created").forEach(state::applyEvent);
      state.applyEvent(edit);
      assertEquals(5, state.lastRev);
      assertTrue(state.comments.containsKey(d));
    }
    awaitDeregistered(connectionId);

    // Away: creations, edits and deletions it does not hear about.
    String e = create(post, "e");
    edit(post, b, "b, edited while away");
    delete(post, c);
    edit(post, e, "e, edited while away");
    String f = create(post, "f");
    delete(post, f);
    edit(post, b, "b, edited twice while away");

    try (WsClient client = WsClient.connect(server.getURI(), "postId=" + post)) {
      client.connectionId();
      catchUp(post, state);
      assertEquals(12, state.lastRev);
      assertEquals(allComments(post), sorted(state), "caught up to exactly the post's state");

      // Events from here on follow on from the last change applied.
      delete(post, a);
      state.applyEvent(client.await("comment.updated", m -> number(WsClient.data(m), "rev") == 13));
      assertEquals(allComments(post), sorted(state));
      assertFalse(state.comments.containsKey(a));
    }

    clock.advance(Duration.ofHours(2));
    Reply gone =
        api.get("/api/v1/posts/" + post + "/changes?afterRev=" + (state.lastRev - 1))
            .assertProblem(410);
    assertEquals(EXPIRED, gone.string("type"));
    Reply upToDate = api.get("/api/v1/posts/" + post + "/changes?afterRev=" + state.lastRev);
    assertEquals(200, upToDate.status(), "nothing is missed by a client at the head");
  }

  private static List<Map<String, Object>> sorted(LocalState state) {
    return state.comments.values().stream()
        .sorted((x, y) -> Long.compare(number(x, "seq"), number(y, "seq")))
        .toList();
  }
}
