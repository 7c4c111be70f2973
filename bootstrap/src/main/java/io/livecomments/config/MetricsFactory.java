package io.livecomments.config;

import io.livecomments.adapters.micrometer.MicrometerActivityMetrics;
import io.livecomments.adapters.micrometer.MicrometerPushMetrics;
import io.livecomments.adapters.micrometer.MicrometerStoreMetrics;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/**
 * The metrics ports on Micronaut's Micrometer registry, which {@code GET /prometheus} exposes
 * together with the JVM and HTTP server metrics. Built at start ({@code @Context}), so that every
 * {@code livecomments_*} series is there, at 0, before its first event or when nothing uses it (no
 * store errors under {@code store=memory}), and dashboards and alerts find it.
 */
@Factory
public class MetricsFactory {

  @Context
  ActivityMetrics activityMetrics(MeterRegistry registry) {
    return new MicrometerActivityMetrics(registry);
  }

  @Context
  PushMetrics pushMetrics(MeterRegistry registry) {
    return new MicrometerPushMetrics(registry);
  }

  @Context
  StoreMetrics storeMetrics(MeterRegistry registry) {
    return new MicrometerStoreMetrics(registry);
  }
}
