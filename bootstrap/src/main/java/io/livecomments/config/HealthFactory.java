package io.livecomments.config;

import io.livecomments.application.port.out.StoreProbe;
import io.livecomments.application.service.health.StoreReadiness;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The store's readiness for {@code GET /health/readiness}, under the stores that have something
 * outside this process to check (the in-memory store has nothing).
 */
@Factory
@Requires(property = StoreMode.PROPERTY, pattern = "dynamodb|embedded")
public class HealthFactory {

  /** Checks block on the store, so they run on the blocking pool, never on an event loop. */
  @Singleton
  StoreReadiness storeReadiness(
      StoreProbe probe,
      Clock clock,
      HealthConfiguration health,
      @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
    return new StoreReadiness(probe, clock, health.storeCheckInterval(), executor);
  }
}
