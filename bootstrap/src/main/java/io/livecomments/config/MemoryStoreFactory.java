package io.livecomments.config;

import io.livecomments.adapters.memory.InMemoryCommentStore;
import io.livecomments.adapters.memory.InMemoryConnectionRegistry;
import io.livecomments.adapters.memory.InMemoryIdempotencyStore;
import io.livecomments.adapters.memory.InMemoryPostStore;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.PostStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@code livecomments.store=memory}: everything in this process, gone at exit. */
@Factory
@Requires(property = StoreMode.PROPERTY, value = "memory")
public class MemoryStoreFactory {

  @Singleton
  PostStore postStore() {
    return new InMemoryPostStore();
  }

  @Singleton
  CommentStore commentStore(Clock clock, ChangesConfiguration changes) {
    return new InMemoryCommentStore(clock, changes.retention());
  }

  @Singleton
  ConnectionRegistry connectionRegistry() {
    return new InMemoryConnectionRegistry();
  }

  @Singleton
  InMemoryIdempotencyStore idempotencyStore() {
    return new InMemoryIdempotencyStore();
  }

  /** Keeps a long-running memory store from holding every key it ever saw. */
  @Singleton
  @Requires(beans = InMemoryIdempotencyStore.class)
  static class ExpiredKeyPurger {
    private final InMemoryIdempotencyStore store;
    private final Clock clock;

    ExpiredKeyPurger(InMemoryIdempotencyStore store, Clock clock) {
      this.store = store;
      this.clock = clock;
    }

    @Scheduled(fixedDelay = "10m", initialDelay = "10m")
    void purge() {
      store.purgeExpired(clock.instant());
    }
  }
}
