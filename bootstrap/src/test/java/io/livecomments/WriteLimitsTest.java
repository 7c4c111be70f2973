package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-user write limit, set low so that the test need not post thirty times. */
@MicronautTest
@Property(name = "livecomments.rate-limit.comments-per-minute", value = "3")
class WriteLimitsTest {

  @Inject EmbeddedServer server;

  @Test
  void theFourthCommentWithinAMinuteIs429WithRetryAfter() {
    Api api = new Api(server.getURI());
    String alice = api.devToken("alice-" + UUID.randomUUID(), null);
    String bob = api.devToken("bob-" + UUID.randomUUID(), null);
    String post = api.createPost(alice, "busy");
    for (int i = 0; i < 3; i++) {
      assertEquals(201, api.comment(post, alice, "c" + i, "Idempotency-Key", "k" + i).status());
    }

    Reply limited = api.comment(post, alice, "one too many").assertProblem(429);
    long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);

    assertEquals(
        201,
        api.comment(post, alice, "c0", "Idempotency-Key", "k0").status(),
        "replaying a key is not a new write");
    assertEquals(201, api.comment(post, bob, "bob has his own allowance").status());
    assertEquals(4, api.get("/api/v1/posts/" + post + "/comments").list("comments").size());
  }
}
