package io.livecomments.adapters.micrometer;

import io.livecomments.application.port.out.metrics.PushMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code livecomments_pushes_total{outcome}}, {@code livecomments_push_frames_total{kind}}, {@code
 * livecomments_push_queue_messages} and the histogram {@code livecomments_fanout_duration_seconds}.
 * Every label value is registered at once, so each series reads 0 before its first event.
 */
public final class MicrometerPushMetrics implements PushMetrics {

  /**
   * Fixed buckets, from a fan-out to a few local clients (milliseconds) to one held up by retries
   * with backoff (seconds): fewer series than Micrometer's default of about seventy, and the same
   * on every instance, so that they aggregate.
   */
  static final Duration[] FANOUT_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
  };

  private final MeterRegistry registry;
  private final Map<Result, Counter> results = new EnumMap<>(Result.class);
  private final Map<FrameKind, Counter> frames = new EnumMap<>(FrameKind.class);
  private final AtomicLong waiting = new AtomicLong();
  private final Timer fanOut;

  public MicrometerPushMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Result result : Result.values()) {
      results.put(
          result,
          Counter.builder("livecomments.pushes")
              .description(
                  "Pushes to connections by outcome: delivered, rejected and failed per message;"
                      + " gone once per connection; throttled per 429 answer")
              .tag("outcome", result.label())
              .register(registry));
    }
    for (FrameKind kind : FrameKind.values()) {
      frames.put(
          kind,
          Counter.builder("livecomments.push.frames")
              .description("Frames sent to the Management API, retries included, by kind")
              .tag("kind", kind.label())
              .register(registry));
    }
    Gauge.builder("livecomments.push.queue.messages", waiting, AtomicLong::get)
        .description("Messages waiting in connections' outboxes or in flight, not settled yet")
        .register(registry);
    fanOut =
        Timer.builder("livecomments.fanout.duration")
            .description("From a comment change stored to the last push of its fan-out settled")
            .serviceLevelObjectives(FANOUT_BUCKETS)
            .register(registry);
  }

  @Override
  public void accepted(int messages) {
    waiting.addAndGet(messages);
  }

  @Override
  public void settled(int messages) {
    waiting.addAndGet(-messages);
  }

  @Override
  public void counted(Result result) {
    results.get(result).increment();
  }

  @Override
  public void frameSent(FrameKind kind) {
    frames.get(kind).increment();
  }

  @Override
  public Runnable fanOutStarted() {
    Timer.Sample sample = Timer.start(registry);
    return () -> sample.stop(fanOut);
  }
}
