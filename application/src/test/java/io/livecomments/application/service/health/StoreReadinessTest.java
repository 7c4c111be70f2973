package io.livecomments.application.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.StoreProbe;
import io.livecomments.application.port.out.StoreStatus;
import io.livecomments.application.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoreReadinessTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final StoreStatus UP = new StoreStatus(true, Map.of("posts", "ACTIVE"));
  private static final StoreStatus DOWN = new StoreStatus(false, Map.of("posts", "missing"));

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));

  /** A probe that counts its calls and answers what the test last set. */
  private static final class CountingProbe implements StoreProbe {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<StoreStatus> answer = new AtomicReference<>(UP);

    @Override
    public StoreStatus probe() {
      calls.incrementAndGet();
      return answer.get();
    }
  }

  /** Runs checks only when the test says so, to hold a check "in flight". */
  private static final class HeldExecutor implements java.util.concurrent.Executor {
    final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      queued.add(task);
    }

    void runAll() {
      for (Runnable task; (task = queued.poll()) != null; ) {
        task.run();
      }
    }
  }

  private static StoreStatus now(StoreReadiness readiness) {
    return readiness.status().toCompletableFuture().getNow(null);
  }

  @Test
  void probesWithinTheIntervalReuseOneCheck() {
    CountingProbe probe = new CountingProbe();
    StoreReadiness readiness = new StoreReadiness(probe, clock, INTERVAL, Runnable::run);

    for (int i = 0; i < 100; i++) {
      assertEquals(UP, now(readiness));
    }
    clock.advance(INTERVAL.minusMillis(1));
    assertEquals(UP, now(readiness));

    assertEquals(1, probe.calls.get());
  }

  @Test
  void theFirstProbeAfterTheIntervalChecksAgainAndSeesTheChange() {
    CountingProbe probe = new CountingProbe();
    StoreReadiness readiness = new StoreReadiness(probe, clock, INTERVAL, Runnable::run);
    assertEquals(UP, now(readiness));

    probe.answer.set(DOWN);
    clock.advance(INTERVAL);

    assertEquals(DOWN, now(readiness));
    assertEquals(DOWN, now(readiness));
    assertEquals(2, probe.calls.get());
  }

  @Test
  void aClockSetBackDoesNotMakeAnOldAnswerLookFresh() {
    CountingProbe probe = new CountingProbe();
    StoreReadiness readiness = new StoreReadiness(probe, clock, INTERVAL, Runnable::run);
    assertEquals(UP, now(readiness));

    probe.answer.set(DOWN);
    clock.advance(Duration.ofHours(-1));

    assertEquals(DOWN, now(readiness));
    assertEquals(2, probe.calls.get());
  }

  @Test
  void probesDuringARunningCheckWaitForItInsteadOfStartingTheirOwn() throws Exception {
    CountingProbe probe = new CountingProbe();
    HeldExecutor held = new HeldExecutor();
    StoreReadiness readiness = new StoreReadiness(probe, clock, INTERVAL, held);
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CompletableFuture<StoreStatus>>> asked = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        asked.add(
            callers.submit(
                () -> {
                  go.await();
                  return readiness.status().toCompletableFuture();
                }));
      }
      go.countDown();
      List<CompletableFuture<StoreStatus>> answers = new ArrayList<>();
      for (Future<CompletableFuture<StoreStatus>> future : asked) {
        answers.add(future.get(10, TimeUnit.SECONDS));
      }
      // Even once the interval has passed, a check still running is shared, not repeated.
      clock.advance(INTERVAL.multipliedBy(3));
      answers.add(readiness.status().toCompletableFuture());

      assertEquals(1, held.queued.size());
      assertTrue(answers.stream().noneMatch(CompletableFuture::isDone));
      held.runAll();

      assertTrue(answers.stream().allMatch(answer -> UP.equals(answer.getNow(null))));
      assertEquals(1, probe.calls.get());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aProbeThatThrowsIsNotReadyWithTheReason() {
    StoreReadiness readiness =
        new StoreReadiness(
            () -> {
              throw new IllegalStateException("DynamoDB cannot be reached: refused");
            },
            clock,
            INTERVAL,
            Runnable::run);

    StoreStatus status = now(readiness);

    assertFalse(status.ready());
    assertEquals(Map.of("error", "DynamoDB cannot be reached: refused"), status.details());
  }

  @Test
  void aFailedCheckIsTriedAgainAfterTheInterval() {
    AtomicInteger calls = new AtomicInteger();
    StoreReadiness readiness =
        new StoreReadiness(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first check fails");
              }
              return UP;
            },
            clock,
            INTERVAL,
            Runnable::run);
    assertFalse(now(readiness).ready());

    clock.advance(INTERVAL);

    assertEquals(UP, now(readiness));
  }

  @Test
  void aCheckThatCannotStartBecauseTheServiceStopsIsNotReady() {
    CountingProbe probe = new CountingProbe();
    StoreReadiness readiness =
        new StoreReadiness(
            probe,
            clock,
            INTERVAL,
            task -> {
              throw new RejectedExecutionException("shut down");
            });

    StoreStatus status = now(readiness);

    assertFalse(status.ready());
    assertEquals(0, probe.calls.get());
  }

  @Test
  void aProbeDyingOfAnErrorStillAnswersTheWaitingProbes() {
    StoreReadiness readiness =
        new StoreReadiness(
            () -> {
              throw new AssertionError("boom");
            },
            clock,
            INTERVAL,
            task -> {
              try {
                task.run();
              } catch (AssertionError expected) {
                // The executor's thread would die of it; the probes must not wait forever.
              }
            });

    StoreStatus status = now(readiness);

    assertFalse(status.ready());
  }
}
