package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The connection count costs at most one scan of the table per interval, however often and however
 * concurrently it is asked for, and says when it was taken.
 */
class DynamoDbConnectionCountTest {

  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Duration DAY = Duration.ofHours(24);

  /** Counts the {@code Scan} requests the SDK client sends. */
  private static final class ScanCounter implements ExecutionInterceptor {
    private final AtomicInteger scans = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if ("Scan".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        scans.incrementAndGet();
      }
    }
  }

  // Tables of this test's own, so that no other test's connections are counted.
  private final LocalDynamoDb.Stores stores = LocalDynamoDb.freshStores();
  // Ahead of the real clock, so that DynamoDB Local's own TTL sweeper leaves the items alone.
  private final MutableClock clock = new MutableClock(Instant.parse("2100-03-01T12:00:00Z"));
  private final ScanCounter scanCounter = new ScanCounter();
  private final DynamoDbConnectionRegistry registry =
      new DynamoDbConnectionRegistry(
          LocalDynamoDb.enhancedWith(scanCounter),
          stores.tables(),
          clock,
          DAY,
          INTERVAL,
          DynamoDbConnectionRegistry.DEFAULT_CHANGE_RETRIES);
  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  private void connect() {
    registry.register(
        new Connection(
            new ConnectionId("c-" + UUID.randomUUID()),
            Set.of(PostId.of(UUID.randomUUID())),
            Optional.empty(),
            clock.instant()));
  }

  @Test
  void manyConcurrentCallersWithinTheIntervalCostOneScan() throws Exception {
    for (int i = 0; i < 3; i++) {
      connect();
    }
    Instant countedAt = clock.instant();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ConnectionCount>> answers = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return registry.count();
              }));
    }
    go.countDown();
    for (Future<ConnectionCount> answer : answers) {
      assertEquals(new ConnectionCount(3, countedAt), answer.get());
    }
    assertEquals(1, scanCounter.scans.get(), "one scan for 64 callers");
  }

  @Test
  void theCountIsKeptForTheIntervalThenTakenAgain() {
    connect();
    connect();
    Instant first = clock.instant();
    assertEquals(new ConnectionCount(2, first), registry.count());

    connect();
    clock.advance(INTERVAL.minusSeconds(1));
    assertEquals(new ConnectionCount(2, first), registry.count(), "still the first figure");
    assertEquals(1, scanCounter.scans.get());

    clock.advance(Duration.ofSeconds(1));
    assertEquals(new ConnectionCount(3, clock.instant()), registry.count());
    assertEquals(2, scanCounter.scans.get());
  }

  @Test
  void expiredConnectionsAreNotCounted() {
    connect();
    clock.advance(DAY.plusMinutes(1));
    connect();
    assertEquals(1, registry.count().connections());
  }
}
