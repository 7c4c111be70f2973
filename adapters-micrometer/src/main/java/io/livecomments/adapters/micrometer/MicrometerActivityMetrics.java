package io.livecomments.adapters.micrometer;

import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code livecomments_comments_created_total}, {@code livecomments_changes_total{action}}, {@code
 * livecomments_connections_registered_total} and {@code livecomments_rate_limited_total}. Every
 * series is registered at once, so each reads 0 before its first event rather than being absent.
 */
public final class MicrometerActivityMetrics implements ActivityMetrics {

  private final Counter commentsCreated;
  private final Map<Change, Counter> changes = new EnumMap<>(Change.class);
  private final Counter connectionsRegistered;
  private final Counter rateLimited;

  public MicrometerActivityMetrics(MeterRegistry registry) {
    commentsCreated =
        Counter.builder("livecomments.comments.created")
            .description("Comments created (idempotent replays excluded)")
            .register(registry);
    for (Change change : Change.values()) {
      changes.put(
          change,
          Counter.builder("livecomments.changes")
              .description("Comment changes stored, by action")
              .tag("action", change.label())
              .register(registry));
    }
    connectionsRegistered =
        Counter.builder("livecomments.connections.registered")
            .description("WebSocket connections registered on $connect")
            .register(registry);
    rateLimited =
        Counter.builder("livecomments.rate.limited")
            .description("Writes refused with 429 by the per-user rate limit")
            .register(registry);
  }

  @Override
  public void commentCreated() {
    commentsCreated.increment();
  }

  @Override
  public void changed(Change change) {
    changes.get(change).increment();
  }

  @Override
  public void connectionRegistered() {
    connectionsRegistered.increment();
  }

  @Override
  public void rateLimited() {
    rateLimited.increment();
  }
}
