package io.livecomments.health;

import io.livecomments.application.port.out.StoreStatus;
import io.livecomments.application.service.health.StoreReadiness;
import io.livecomments.config.StoreMode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Readiness is DOWN while the store is unreachable or one of its tables is missing. The check is
 * shared and reused ({@link StoreReadiness}), so probes cost the store next to nothing; the details
 * name each table and what the store said of it.
 */
@Singleton
@Readiness
@Requires(property = StoreMode.PROPERTY, pattern = "dynamodb|embedded")
public class StoreReadinessIndicator implements HealthIndicator {

  static final String NAME = "store";

  private final StoreReadiness readiness;

  StoreReadinessIndicator(StoreReadiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Publishers.fromCompletableFuture(
        () -> readiness.status().toCompletableFuture().thenApply(StoreReadinessIndicator::result));
  }

  private static HealthResult result(StoreStatus status) {
    return HealthResult.builder(NAME, status.ready() ? HealthStatus.UP : HealthStatus.DOWN)
        .details(status.details())
        .build();
  }
}
