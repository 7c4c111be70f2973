package io.livecomments.config;

import io.livecomments.adapters.micrometer.MicrometerActivityMetrics;
import io.livecomments.adapters.micrometer.MicrometerPushMetrics;
import io.livecomments.adapters.micrometer.MicrometerStoreMetrics;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The metrics ports on Micronaut's Micrometer registry, which {@code GET /prometheus} exposes
 * together with the JVM and HTTP server metrics.
 */
@Factory
public class MetricsFactory {

  @Singleton
  ActivityMetrics activityMetrics(MeterRegistry registry) {
    return new MicrometerActivityMetrics(registry);
  }

  @Singleton
  PushMetrics pushMetrics(MeterRegistry registry) {
    return new MicrometerPushMetrics(registry);
  }

  @Singleton
  StoreMetrics storeMetrics(MeterRegistry registry) {
    return new MicrometerStoreMetrics(registry);
  }
}
