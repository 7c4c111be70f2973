package io.livecomments.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.livecomments.application.port.out.RateLimiter.Permit;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryRateLimiter limiter =
      new InMemoryRateLimiter(30, clock, InMemoryRateLimiter.DEFAULT_MAX_USERS, Runnable::run);
  private final UserId alice = new UserId("alice");

  @Test
  void aUserMayWriteThirtyTimesInABurstAndIsThenToldWhenToComeBack() {
    for (int i = 0; i < 30; i++) {
      assertEquals(Permit.GRANTED, limiter.tryAcquire(alice), "write " + (i + 1));
    }
    Permit denied = limiter.tryAcquire(alice);
    assertEquals(new Permit.Denied(Duration.ofSeconds(2)), denied);
  }

  /**
   * A burst sent at once, as a browser retrying several tabs does, gets its whole allowance: a
   * caller that read the clock before another took the bucket's lock must not be told to wait.
   */
  @Test
  void concurrentWritesUpToTheAllowanceAreAllGranted() throws Exception {
    int allowance = 6;
    ExecutorService threads = Executors.newFixedThreadPool(allowance);
    try {
      for (int round = 0; round < 300; round++) {
        InMemoryRateLimiter shared = new InMemoryRateLimiter(allowance, Clock.systemUTC());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Permit>> permits = new ArrayList<>();
        for (int i = 0; i < allowance; i++) {
          permits.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    awaitQuietly(start);
                    return shared.tryAcquire(alice);
                  },
                  threads));
        }
        start.countDown();
        for (CompletableFuture<Permit> permit : permits) {
          assertEquals(Permit.GRANTED, permit.get(), "round " + round);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void oneWriteComesBackEveryTwoSeconds() {
    for (int i = 0; i < 30; i++) {
      limiter.tryAcquire(alice);
    }
    clock.advance(Duration.ofMillis(1500));
    assertEquals(new Permit.Denied(Duration.ofMillis(500)), limiter.tryAcquire(alice));
    clock.advance(Duration.ofMillis(500));
    assertEquals(Permit.GRANTED, limiter.tryAcquire(alice));
    assertInstanceOf(Permit.Denied.class, limiter.tryAcquire(alice));
  }

  @Test
  void aQuietMinuteRefillsTheBucketButNoFurther() {
    for (int i = 0; i < 30; i++) {
      limiter.tryAcquire(alice);
    }
    clock.advance(Duration.ofHours(3));
    for (int i = 0; i < 30; i++) {
      assertEquals(Permit.GRANTED, limiter.tryAcquire(alice));
    }
    assertInstanceOf(Permit.Denied.class, limiter.tryAcquire(alice));
  }

  @Test
  void usersHaveTheirOwnBuckets() {
    for (int i = 0; i < 30; i++) {
      limiter.tryAcquire(alice);
    }
    assertEquals(Permit.GRANTED, limiter.tryAcquire(new UserId("bob")));
  }

  @Test
  void aBucketIdleForItsRefillWindowIsDroppedAndTheUserStartsAfresh() {
    for (int i = 0; i < 30; i++) {
      limiter.tryAcquire(alice);
    }
    clock.advance(Duration.ofSeconds(60));

    assertEquals(0, limiter.retainedBuckets(), "the idle bucket is dropped");
    for (int i = 0; i < 30; i++) {
      assertEquals(Permit.GRANTED, limiter.tryAcquire(alice), "write " + (i + 1));
    }
    assertEquals(new Permit.Denied(Duration.ofSeconds(2)), limiter.tryAcquire(alice));
  }

  @Test
  void aBucketIsKeptUntilItsRefillWindowHasPassedSoTheLimitStillHolds() {
    for (int i = 0; i < 30; i++) {
      limiter.tryAcquire(alice);
    }
    clock.advance(Duration.ofSeconds(59));

    assertEquals(1, limiter.retainedBuckets());
    for (int i = 0; i < 29; i++) {
      assertEquals(Permit.GRANTED, limiter.tryAcquire(alice), "write " + (i + 1));
    }
    assertInstanceOf(Permit.Denied.class, limiter.tryAcquire(alice));
  }

  @Test
  void aMillionDistinctUsersLeaveNoMoreBucketsThanTheDefaultBound() {
    int bound = InMemoryRateLimiter.DEFAULT_MAX_USERS;

    for (int i = 1; i <= 1_000_000; i++) {
      assertEquals(Permit.GRANTED, limiter.tryAcquire(new UserId("user-" + i)));
      if (i % 100_000 == 0) {
        assertEquals(Math.min(i, bound), limiter.retainedBuckets(), "after " + i + " users");
      }
    }
    assertEquals(bound, limiter.retainedBuckets());
  }
}
