package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST contract (CONTRACT.md section 3) over real HTTP against the started service. */
@MicronautTest
class RestApiTest {

  @Inject EmbeddedServer server;

  private Api api;
  private String alice;
  private String bob;
  private String aliceId;

  /** Where the service under test answers; subclasses point it at another instance. */
  protected URI base() {
    return server.getURI();
  }

  @BeforeEach
  void setUp() {
    api = new Api(base());
    // Fresh users per test, so that the per-user rate limit of one test never touches another.
    aliceId = "alice-" + UUID.randomUUID();
    alice = api.devToken(aliceId, "alice@example.com");
    bob = api.devToken("bob-" + UUID.randomUUID(), "Bob");
  }

  private static long seq(Map<String, Object> comment) {
    return ((Number) comment.get("seq")).longValue();
  }

  private static List<Long> seqs(Reply page) {
    return page.list("comments").stream().map(RestApiTest::seq).toList();
  }

  @Test
  void aPostIsCreatedWithLocationAndReadBackByAnyone() {
    Reply created = api.post("/api/v1/posts", alice, "{\"title\":\"  Launch day  \"}");

    assertEquals(201, created.status());
    String id = created.string("id");
    assertEquals(UUID.fromString(id).toString(), id);
    assertEquals(Optional.of("/api/v1/posts/" + id), created.header("Location"));
    assertEquals("  Launch day  ", created.string("title"));
    assertEquals(aliceId, created.string("authorId"));
    assertTrue(created.string("createdAt").endsWith("Z"));
    Instant.parse(created.string("createdAt"));

    Reply read = api.get("/api/v1/posts/" + id);
    assertEquals(200, read.status());
    assertEquals(created.json(), read.json());
  }

  @Test
  void unknownPostsAndCommentsAre404AndMalformedIdsAre400() {
    String post = api.createPost(alice, "p");
    api.get("/api/v1/posts/" + UUID.randomUUID()).assertProblem(404);
    api.get("/api/v1/posts/" + UUID.randomUUID() + "/comments").assertProblem(404);
    api.get("/api/v1/posts/" + post + "/comments/" + UUID.randomUUID()).assertProblem(404);
    api.comment(UUID.randomUUID().toString(), alice, "hi").assertProblem(404);
    Reply malformed = api.get("/api/v1/posts/not-a-uuid").assertProblem(400);
    assertEquals("postId", malformed.list("errors").get(0).get("field"));
    api.get("/api/v1/posts/" + post + "/comments/12345").assertProblem(400);
  }

  @Test
  void postingACommentReturnsItWithEveryFieldAndALocation() {
    String post = api.createPost(bob, "p");
    String content = "  <b>Hello</b> & \"welcome\"\n\t😀  ";
    Reply created = api.comment(post, alice, content);

    assertEquals(201, created.status(), created.text());
    Map<String, Object> comment = created.json();
    assertEquals(
        List.of(
            "id",
            "postId",
            "seq",
            "rev",
            "content",
            "userId",
            "username",
            "createdAt",
            "updatedAt"),
        List.copyOf(comment.keySet()));
    assertEquals(post, comment.get("postId"));
    assertEquals(1L, seq(comment));
    assertEquals(content, comment.get("content"), "stored exactly as sent");
    assertEquals(aliceId, comment.get("userId"));
    assertEquals("alice@example.com", comment.get("username"));
    assertEquals(comment.get("createdAt"), comment.get("updatedAt"));
    assertEquals(
        Optional.of("/api/v1/posts/" + post + "/comments/" + comment.get("id")),
        created.header("Location"));

    Reply read = api.get(created.header("Location").orElseThrow());
    assertEquals(200, read.status());
    assertEquals(comment, read.json());
  }

  @Test
  void theUsernameIsTheEmailElseTheNameElseTheUserId() {
    String post = api.createPost(alice, "p");
    assertEquals("Bob", api.comment(post, bob, "x").string("username"));
    String anonymous = api.devToken("carol-" + UUID.randomUUID(), null);
    Reply byCarol = api.comment(post, anonymous, "x");
    assertEquals(byCarol.string("userId"), byCarol.string("username"));
  }

  @Test
  void seqsCountUpPerPostAndPagesOldestFirstFollowNextAfterSeq() {
    String post = api.createPost(alice, "p");
    for (int i = 1; i <= 25; i++) {
      assertEquals(i, seq(api.comment(post, i % 2 == 0 ? alice : bob, "c" + i).json()));
    }
    Reply first = api.get("/api/v1/posts/" + post + "/comments");
    assertEquals(200, first.status());
    assertEquals(IntStream.rangeClosed(1, 10).asLongStream().boxed().toList(), seqs(first));
    assertEquals(10, ((Number) first.json().get("count")).intValue());
    assertEquals(10L, ((Number) first.json().get("nextAfterSeq")).longValue());
    assertTrue(first.json().containsKey("nextBeforeSeq"));
    assertNull(first.json().get("nextBeforeSeq"));

    Reply last = api.get("/api/v1/posts/" + post + "/comments?limit=10&afterSeq=20&order=asc");
    assertEquals(List.of(21L, 22L, 23L, 24L, 25L), seqs(last));
    assertEquals(5, ((Number) last.json().get("count")).intValue());
    assertTrue(last.json().containsKey("nextAfterSeq"));
    assertNull(last.json().get("nextAfterSeq"));

    Reply all = api.get("/api/v1/posts/" + post + "/comments?limit=100");
    assertEquals(25, seqs(all).size());
    assertNull(all.json().get("nextAfterSeq"));
  }

  @Test
  void pagesNewestFirstFollowNextBeforeSeq() {
    String post = api.createPost(alice, "p");
    for (int i = 1; i <= 5; i++) {
      api.comment(post, bob, "c" + i);
    }
    Reply first = api.get("/api/v1/posts/" + post + "/comments?order=desc&limit=2");
    assertEquals(List.of(5L, 4L), seqs(first));
    assertEquals(4L, ((Number) first.json().get("nextBeforeSeq")).longValue());
    assertNull(first.json().get("nextAfterSeq"));

    Reply next = api.get("/api/v1/posts/" + post + "/comments?order=desc&limit=2&beforeSeq=4");
    assertEquals(List.of(3L, 2L), seqs(next));
    Reply last = api.get("/api/v1/posts/" + post + "/comments?order=desc&limit=2&beforeSeq=2");
    assertEquals(List.of(1L), seqs(last));
    assertNull(last.json().get("nextBeforeSeq"));
  }

  @Test
  void anEmptyPostListsNoComments() {
    String post = api.createPost(alice, "p");
    Reply page = api.get("/api/v1/posts/" + post + "/comments");
    assertEquals(post, page.string("postId"));
    assertEquals(List.of(), page.list("comments"));
    assertEquals(0, ((Number) page.json().get("count")).intValue());
  }

  @Test
  void badPagingParametersAre400NamingTheParameter() {
    String post = api.createPost(alice, "p");
    String base = "/api/v1/posts/" + post + "/comments?";
    for (String query :
        List.of(
            "limit=0",
            "limit=101",
            "limit=ten",
            "limit=1.5",
            "afterSeq=-1",
            "afterSeq=x",
            "beforeSeq=0",
            "order=random")) {
      Reply reply = api.get(base + query).assertProblem(400);
      assertEquals(
          query.substring(0, query.indexOf('=')), reply.list("errors").get(0).get("field"), query);
    }
  }

  @Test
  void onlyTheAuthorEditsAndTheEditKeepsSeqAndCreatedAt() {
    String post = api.createPost(bob, "p");
    Map<String, Object> original = api.comment(post, alice, "typo").json();
    String path = "/api/v1/posts/" + post + "/comments/" + original.get("id");

    api.send("PATCH", path, bob, "{\"content\":\"hijack\"}").assertProblem(403);
    api.send("PATCH", path, null, "{\"content\":\"anon\"}").assertProblem(401);
    api.send("PATCH", path, alice, "{\"content\":\"\"}").assertProblem(400);
    Reply edited = api.send("PATCH", path, alice, "{\"content\":\"fixed\"}");

    assertEquals(200, edited.status(), edited.text());
    assertEquals("fixed", edited.string("content"));
    assertEquals(original.get("seq"), edited.json().get("seq"));
    assertEquals(original.get("createdAt"), edited.string("createdAt"));
    assertFalse(
        Instant.parse(edited.string("updatedAt"))
            .isBefore(Instant.parse((String) original.get("createdAt"))));
    assertEquals("fixed", api.get(path).string("content"));
  }

  @Test
  void onlyTheAuthorDeletesAndTheSeqIsNotReused() {
    String post = api.createPost(bob, "p");
    api.comment(post, alice, "one");
    String two = api.comment(post, alice, "two").string("id");
    String path = "/api/v1/posts/" + post + "/comments/" + two;

    api.send("DELETE", path, bob, null).assertProblem(403);
    api.send("DELETE", path, null, null).assertProblem(401);
    Reply deleted = api.send("DELETE", path, alice, null);
    assertEquals(204, deleted.status());
    assertEquals("", deleted.text());

    api.get(path).assertProblem(404);
    api.send("DELETE", path, alice, null).assertProblem(404);
    assertEquals(List.of(1L), seqs(api.get("/api/v1/posts/" + post + "/comments")));
    assertEquals(3L, seq(api.comment(post, alice, "three").json()));
  }

  @Test
  void notesAreAnotherNameForPosts() {
    String note = api.createPost(alice, "note");
    Reply created = api.post("/api/v1/notes/" + note + "/comments", bob, "{\"content\":\"hi\"}");
    assertEquals(201, created.status());
    assertEquals(
        Optional.of("/api/v1/notes/" + note + "/comments/" + created.string("id")),
        created.header("Location"));
    assertEquals(List.of(1L), seqs(api.get("/api/v1/notes/" + note + "/comments")));
    String path = "/api/v1/notes/" + note + "/comments/" + created.string("id");
    assertEquals(200, api.get(path).status());
    assertEquals(200, api.send("PATCH", path, bob, "{\"content\":\"edited\"}").status());
    assertEquals(
        "edited",
        api.get("/api/v1/posts/" + note + "/comments/" + created.string("id")).string("content"));
    assertEquals(204, api.send("DELETE", path, bob, null).status());
  }

  @Test
  void myNotesRequireTheNotesAuthorForEveryOperation() {
    String note = api.createPost(alice, "mine");
    String base = "/api/v1/me/notes/" + note + "/comments";

    api.get(base).assertProblem(401);
    api.get(base, bob).assertProblem(403);
    api.post(base, bob, "{\"content\":\"not yours\"}").assertProblem(403);

    Reply created = api.post(base, alice, "{\"content\":\"my own\"}");
    assertEquals(201, created.status());
    assertEquals(List.of(1L), seqs(api.get(base, alice)));
    String path = base + "/" + created.string("id");
    assertEquals(200, api.get(path, alice).status());
    api.get(path, bob).assertProblem(403);

    // Bob's comment on Alice's note, made elsewhere, is still Alice's note's business only.
    String bobs = api.comment(note, bob, "by bob").string("id");
    api.send("PATCH", base + "/" + bobs, bob, "{\"content\":\"x\"}").assertProblem(403);
    api.send("DELETE", base + "/" + bobs, bob, null).assertProblem(403);
    assertEquals(204, api.send("DELETE", path, alice, null).status());
  }

  @Test
  void anIdempotencyKeyReturnsTheOriginalCommentAndCreatesNothingNew() {
    String post = api.createPost(alice, "p");
    Reply first = api.comment(post, bob, "once", "Idempotency-Key", "retry-1");
    Reply again = api.comment(post, bob, "once", "Idempotency-Key", "retry-1");

    assertEquals(201, again.status());
    assertEquals(first.json(), again.json());
    assertEquals(first.header("Location"), again.header("Location"));
    assertEquals(Optional.of("true"), again.header("Idempotent-Replayed"));
    assertEquals(List.of(1L), seqs(api.get("/api/v1/posts/" + post + "/comments")));

    Reply otherUser = api.comment(post, alice, "once", "Idempotency-Key", "retry-1");
    assertNotEquals(first.string("id"), otherUser.string("id"));
    api.comment(post, bob, "x", "Idempotency-Key", "k".repeat(129)).assertProblem(400);
  }

  @Test
  void writesWithoutAValidTokenAre401WithABearerChallenge() {
    String post = api.createPost(alice, "p");
    Reply none = api.comment(post, null, "x").assertProblem(401);
    assertEquals(Optional.of("Bearer"), none.header("WWW-Authenticate"));
    Reply bad = api.comment(post, "not.a.jwt", "x").assertProblem(401);
    assertTrue(bad.header("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
    api.post("/api/v1/posts", "", "{\"title\":\"x\"}").assertProblem(401);
    assertEquals(List.of(), api.get("/api/v1/posts/" + post + "/comments").list("comments"));
  }

  @Test
  void bodiesOver64KiBAre413() {
    String post = api.createPost(alice, "p");
    String huge = "{\"content\":\"" + "x".repeat(70 * 1024) + "\"}";
    api.post("/api/v1/posts/" + post + "/comments", alice, huge).assertProblem(413);
    String justUnder =
        "{\"content\":\"" + "y".repeat(1990) + "\",\"pad\":\"" + "z".repeat(60_000) + "\"}";
    assertEquals(201, api.post("/api/v1/posts/" + post + "/comments", alice, justUnder).status());
  }

  @Test
  void chunkedBodiesOver64KiBAre413Too() {
    String post = api.createPost(alice, "p");
    String path = "/api/v1/posts/" + post + "/comments";
    String padded = "{\"content\":\"x\",\"pad\":\"" + "z".repeat(70_000) + "\"}";
    api.postChunked(path, alice, padded).assertProblem(413);
    assertEquals(201, api.postChunked(path, alice, "{\"content\":\"chunked\"}").status());
    assertEquals(List.of(1L), seqs(api.get(path)));
  }

  @Test
  void replayingAKeyOnAnotherPostPointsAtTheOriginalComment() {
    String first = api.createPost(alice, "first");
    String second = api.createPost(alice, "second");
    Reply original = api.comment(first, bob, "once", "Idempotency-Key", "cross-post");
    Reply replay = api.comment(second, bob, "once", "Idempotency-Key", "cross-post");
    assertEquals(original.json(), replay.json());
    assertEquals(original.header("Location"), replay.header("Location"));
    assertEquals(200, api.get(replay.header("Location").orElseThrow()).status());
  }

  @Test
  void contentOfTwoThousandCodePointsIsTheLimit() {
    String post = api.createPost(alice, "p");
    assertEquals(201, api.comment(post, alice, "😀".repeat(2000)).status());
    Reply tooLong = api.comment(post, alice, "a".repeat(2001)).assertProblem(400);
    assertEquals("content", tooLong.list("errors").get(0).get("field"));
    api.comment(post, alice, " \n\t ").assertProblem(400);
    api.comment(post, alice, "nul\u0000byte").assertProblem(400);
  }

  @Test
  void devTokensAreValidForOneHour() throws Exception {
    Reply reply = api.post("/api/v1/dev/tokens", null, "{\"userId\":\"dave\"}");
    assertEquals(200, reply.status());
    String[] parts = reply.string("token").split("\\.");
    assertEquals(3, parts.length);
    Map<String, Object> claims =
        io.micronaut.json.JsonMapper.createDefault()
            .readValue(
                java.util.Base64.getUrlDecoder().decode(parts[1]),
                io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
    assertEquals("dave", claims.get("sub"));
    assertEquals(
        3600L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());
  }
}
