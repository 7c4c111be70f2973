package io.livecomments.health;

import io.livecomments.config.PushWarmUp;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness is DOWN until the push warm-up has finished (at most its timeout, 30 s by default), so
 * that a load balancer sends a freshly started instance no traffic while its push path is still
 * cold: users then never meet the first, slowest fan-outs after a deploy. Off with {@code
 * livecomments.push.warmup.gate-readiness=false}; a warm-up that failed counts as finished.
 */
@Singleton
@Readiness
@Requires(bean = PushWarmUp.class)
@Requires(property = "livecomments.push.warmup.gate-readiness", notEquals = "false")
public class WarmUpReadinessIndicator implements HealthIndicator {

  static final String NAME = "pushWarmUp";

  private final BeanProvider<PushWarmUp> warmUp;

  WarmUpReadinessIndicator(BeanProvider<PushWarmUp> warmUp) {
    this.warmUp = warmUp;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean done = warmUp.get().finished().toCompletableFuture().isDone();
    return Publishers.just(
        HealthResult.builder(NAME, done ? HealthStatus.UP : HealthStatus.DOWN)
            .details(Map.of("warmedUp", done))
            .build());
  }
}
