package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A load balancer probing readiness a hundred times a second costs DynamoDB at most one
 * DescribeTable per table per check interval: the calls are counted on the service's real client,
 * against DynamoDB Local.
 */
class ReadinessProbeCostTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final int TABLES = 4;
  private static final int PROBES = 300;

  @Test
  void probingReadinessAHundredTimesASecondCallsDynamoDbOncePerTablePerInterval() throws Exception {
    Map<String, Object> properties = SeparateDynamoDb.serviceProperties("probe-cost-");
    properties.put("livecomments.broadcast", "none");
    properties.put("livecomments.apigateway.endpoint", "http://127.0.0.1:9");
    properties.put("livecomments.health.store-check-interval", INTERVAL.toMillis() + "ms");
    properties.put(DynamoDbCallCounter.ENABLED, "true");
    try (EmbeddedServer service = ApplicationContext.run(EmbeddedServer.class, properties)) {
      Api api = new Api(service.getURI());
      DynamoDbCallCounter counter =
          service.getApplicationContext().getBean(DynamoDbCallCounter.class);
      assertEquals(200, api.get("/health/readiness").status());

      ScheduledExecutorService balancer = Executors.newScheduledThreadPool(4);
      AtomicInteger probed = new AtomicInteger();
      AtomicInteger ready = new AtomicInteger();
      Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
      Map<String, Long> before = counter.sent();
      long started = System.nanoTime();
      try {
        // Four probers, each every 40 ms: a hundred probes a second together.
        for (int i = 0; i < 4; i++) {
          balancer.scheduleAtFixedRate(
              () -> {
                // A probe that throws would silently end its prober: count it as not ready.
                try {
                  if (probed.incrementAndGet() <= PROBES
                      && api.get("/health/readiness").status() == 200) {
                    ready.incrementAndGet();
                  }
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              },
              i * 10L,
              40,
              TimeUnit.MILLISECONDS);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> probed.get() >= PROBES);
      } finally {
        balancer.shutdown();
        assertTrue(balancer.awaitTermination(10, TimeUnit.SECONDS));
      }
      Duration probing = Duration.ofNanos(System.nanoTime() - started);
      Map<String, Long> during = counter.since(before);
      long calls = during.values().stream().mapToLong(Long::longValue).sum();

      assertEquals(List.of(), List.copyOf(failures), "probes that failed");
      assertEquals(PROBES, ready.get(), "probes answered 200 UP");
      // A check begins at most once per interval, plus the one the first probe may start.
      long checks = probing.toMillis() / INTERVAL.toMillis() + 1;
      assertTrue(
          calls <= TABLES * checks,
          calls
              + " DynamoDB calls for "
              + PROBES
              + " probes in "
              + probing.toMillis()
              + " ms: "
              + during);
      // The counter does see the checks, which are still made once per interval, and nothing else.
      assertTrue(calls >= TABLES, "no DynamoDB call counted: " + during);
      assertEquals(Set.of("DescribeTable"), during.keySet());
    }
  }
}
