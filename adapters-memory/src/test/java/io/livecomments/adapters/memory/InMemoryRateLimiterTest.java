package io.livecomments.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.livecomments.application.port.out.RateLimiter.Permit;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(30, clock);
  private final UserId alice = new UserId("alice");

  @Test
  void aUserMayWriteThirtyTimesInABurstAndIsThenToldWhenToComeBack() {
    for (int i = 0; i < 30; i++) {
      assertEquals(Permit.GRANTED, limiter.tryAcquire(alice), "write " + (i + 1));
    }
    Permit denied = limiter.tryAcquire(alice);
    assertEquals(new Permit.Denied(Duration.ofSeconds(2)), denied);
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
}
