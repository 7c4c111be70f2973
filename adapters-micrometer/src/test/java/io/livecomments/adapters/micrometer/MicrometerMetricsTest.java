package io.livecomments.adapters.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The adapters as Prometheus shows them: the series of CONTRACT section 9, with their values. */
class MicrometerMetricsTest {

  private final MockClock clock = new MockClock();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
  private final MicrometerActivityMetrics activity = new MicrometerActivityMetrics(registry);
  private final MicrometerPushMetrics push = new MicrometerPushMetrics(registry);
  private final MicrometerStoreMetrics store = new MicrometerStoreMetrics(registry);

  /** The sample line of this series, as scraped. */
  private String line(String series) {
    return registry
        .scrape()
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + registry.scrape()));
  }

  private double value(String series) {
    String line = line(series);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void everySeriesAndLabelValueReadsZeroBeforeItsFirstEvent() {
    for (String action : List.of("created", "updated", "deleted")) {
      assertEquals(0, value("livecomments_changes_total{action=\"" + action + "\"}"));
    }
    for (PushMetrics.Result result : PushMetrics.Result.values()) {
      assertEquals(0, value("livecomments_pushes_total{outcome=\"" + result.label() + "\"}"));
    }
    assertEquals(0, value("livecomments_push_frames_total{kind=\"single\"}"));
    assertEquals(0, value("livecomments_push_frames_total{kind=\"batch\"}"));
    assertEquals(0, value("livecomments_push_queue_messages"));
    assertEquals(0, value("livecomments_fanout_duration_seconds_count"));
    assertEquals(0, value("livecomments_connections_registered_total"));
    assertEquals(0, value("livecomments_rate_limited_total"));
    for (StoreMetrics.Operation operation : StoreMetrics.Operation.values()) {
      assertEquals(
          0, value("livecomments_store_errors_total{operation=\"" + operation.label() + "\"}"));
    }
  }

  @Test
  void eachEventCountsInItsOwnSeries() {
    activity.commentCreated();
    activity.changed(ActivityMetrics.Change.CREATED);
    activity.changed(ActivityMetrics.Change.DELETED);
    activity.connectionRegistered();
    activity.rateLimited();
    activity.rateLimited();
    push.counted(PushMetrics.Result.GONE);
    push.counted(PushMetrics.Result.THROTTLED);
    push.counted(PushMetrics.Result.THROTTLED);
    push.frameSent(PushMetrics.FrameKind.SINGLE);
    store.failed(StoreMetrics.Operation.COMMENTS_APPEND);

    // Prometheus's client cannot name a counter ..._created_total; the service's endpoint does.
    assertEquals(1, value("livecomments_comments_total"));
    assertEquals(1, value("livecomments_changes_total{action=\"created\"}"));
    assertEquals(0, value("livecomments_changes_total{action=\"updated\"}"));
    assertEquals(1, value("livecomments_changes_total{action=\"deleted\"}"));
    assertEquals(1, value("livecomments_connections_registered_total"));
    assertEquals(2, value("livecomments_rate_limited_total"));
    assertEquals(1, value("livecomments_pushes_total{outcome=\"gone\"}"));
    assertEquals(2, value("livecomments_pushes_total{outcome=\"throttled\"}"));
    assertEquals(0, value("livecomments_pushes_total{outcome=\"delivered\"}"));
    assertEquals(1, value("livecomments_push_frames_total{kind=\"single\"}"));
    assertEquals(1, value("livecomments_store_errors_total{operation=\"comments.append\"}"));
    assertEquals(0, value("livecomments_store_errors_total{operation=\"posts.find\"}"));
  }

  @Test
  void theQueueGaugeCountsMessagesAcceptedAndNotSettled() {
    push.accepted(5);
    push.settled(2);
    assertEquals(3, value("livecomments_push_queue_messages"));
    push.settled(3);
    assertEquals(0, value("livecomments_push_queue_messages"));
  }

  @Test
  void aFanOutIsTimedFromItsStartToItsLastPushInTheContractsBuckets() {
    Runnable settled = push.fanOutStarted();
    clock.add(Duration.ofMillis(30));
    settled.run();
    Runnable slow = push.fanOutStarted();
    clock.add(3, TimeUnit.SECONDS);
    slow.run();

    assertEquals(2, value("livecomments_fanout_duration_seconds_count"));
    assertEquals(3.03, value("livecomments_fanout_duration_seconds_sum"), 1e-9);
    assertEquals(0, value("livecomments_fanout_duration_seconds_bucket{le=\"0.025\"}"));
    assertEquals(1, value("livecomments_fanout_duration_seconds_bucket{le=\"0.05\"}"));
    assertEquals(1, value("livecomments_fanout_duration_seconds_bucket{le=\"2.5\"}"));
    assertEquals(2, value("livecomments_fanout_duration_seconds_bucket{le=\"5.0\"}"));
    assertEquals(2, value("livecomments_fanout_duration_seconds_bucket{le=\"+Inf\"}"));
    assertTrue(
        registry.scrape().contains("# TYPE livecomments_fanout_duration_seconds histogram"),
        registry.scrape());
  }
}
