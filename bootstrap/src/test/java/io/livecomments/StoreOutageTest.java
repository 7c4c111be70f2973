package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.adapters.memory.InMemoryCommentStore;
import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.Deletion;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A store that goes away: 503 problem, nothing half-written, and recovery once it is back. */
@MicronautTest(environments = "store-outage")
class StoreOutageTest {

  @Inject EmbeddedServer server;
  @Inject SwitchableCommentStore store;

  @Test
  void anUnreachableStoreIs503AndTheRetryAfterRecoveryWritesOnce() {
    Api api = new Api(server.getURI());
    String alice = api.devToken("alice-" + UUID.randomUUID(), null);
    String post = api.createPost(alice, "p");

    store.down = true;
    Api.Reply failed = api.comment(post, alice, "hello", "Idempotency-Key", "outage-1");
    failed.assertProblem(503);
    assertEquals("1", failed.header("Retry-After").orElseThrow());
    api.get("/api/v1/posts/" + post + "/comments").assertProblem(503);

    store.down = false;
    Api.Reply retried = api.comment(post, alice, "hello", "Idempotency-Key", "outage-1");
    assertEquals(201, retried.status(), retried.text());
    assertEquals(1L, ((Number) retried.json().get("seq")).longValue());
    assertEquals(1, api.get("/api/v1/posts/" + post + "/comments").list("comments").size());
  }

  /** The in-memory store behind a switch that makes every call fail like a lost connection. */
  @Singleton
  @Replaces(CommentStore.class)
  @Requires(env = "store-outage")
  static class SwitchableCommentStore implements CommentStore {
    private final CommentStore delegate = new InMemoryCommentStore();
    volatile boolean down;

    private <T> T call(Supplier<T> operation) {
      if (down) {
        throw new StoreUnavailableException("store unreachable (test)", null);
      }
      return operation.get();
    }

    @Override
    public Comment append(PostId postId, NewComment newComment) {
      return call(() -> delegate.append(postId, newComment));
    }

    @Override
    public Optional<Comment> findById(PostId postId, CommentId commentId) {
      return call(() -> delegate.findById(postId, commentId));
    }

    @Override
    public List<Comment> findPage(PostId postId, SeqRange range, SortOrder order, int max) {
      return call(() -> delegate.findPage(postId, range, order, max));
    }

    @Override
    public Comment update(Comment comment) {
      return call(() -> delegate.update(comment));
    }

    @Override
    public Optional<Deletion> remove(PostId postId, CommentId commentId) {
      return call(() -> delegate.remove(postId, commentId));
    }

    @Override
    public long headRev(PostId postId) {
      return call(() -> delegate.headRev(postId));
    }

    @Override
    public ChangesAfter changesAfter(PostId postId, long afterRev, int max) {
      return call(() -> delegate.changesAfter(postId, afterRev, max));
    }
  }
}
