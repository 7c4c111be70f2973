package io.livecomments.health;

import io.livecomments.config.GracefulShutdown;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness is DOWN from the moment a stop begins to drain: the REST API already answers 503, and
 * this tells the load balancer why before its next request. The health endpoints themselves stay
 * served during the drain (DrainingFilter leaves them alone).
 */
@Singleton
@Readiness
public class DrainReadinessIndicator implements HealthIndicator {

  static final String NAME = "drain";

  private final GracefulShutdown shutdown;

  DrainReadinessIndicator(GracefulShutdown shutdown) {
    this.shutdown = shutdown;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean draining = shutdown.isDraining();
    return Publishers.just(
        HealthResult.builder(NAME, draining ? HealthStatus.DOWN : HealthStatus.UP)
            .details(Map.of("draining", draining))
            .build());
  }
}
