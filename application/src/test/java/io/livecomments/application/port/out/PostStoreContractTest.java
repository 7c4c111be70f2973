package io.livecomments.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostTitle;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PostStore} must do; adapters extend it with a fresh store. */
public abstract class PostStoreContractTest {

  protected PostStore store;

  protected abstract PostStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void anAddedPostIsFoundByItsId() {
    Post post =
        new Post(
            PostId.of(UUID.randomUUID()),
            new PostTitle(" Ünïcode title 🚀 "),
            new UserId("bob"),
            Instant.parse("2026-02-03T04:05:06.789Z"));
    store.add(post);
    assertEquals(Optional.of(post), store.findById(post.id()));
  }

  @Test
  void anUnknownPostIsNotFound() {
    assertTrue(store.findById(PostId.of(UUID.randomUUID())).isEmpty());
  }
}
