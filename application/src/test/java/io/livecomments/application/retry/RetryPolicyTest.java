package io.livecomments.application.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(3));

  @Test
  void theCeilingDoublesFromTheFirstBackoffUpToTheMaximum() {
    RetryPolicy slow = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));
    assertEquals(Duration.ofMillis(100), slow.ceilingAfter(1));
    assertEquals(Duration.ofMillis(200), slow.ceilingAfter(2));
    assertEquals(Duration.ofMillis(800), slow.ceilingAfter(4));
    assertEquals(Duration.ofSeconds(2), slow.ceilingAfter(6));
    assertEquals(Duration.ofSeconds(2), slow.ceilingAfter(Integer.MAX_VALUE));
  }

  @Test
  void backoffsAreFullyJitteredBetweenZeroAndTheCeiling() {
    RetryPolicy slow = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    for (int i = 0; i < 2_000; i++) {
      long wait = slow.backoffAfter(3).toMillis();
      shortest = Math.min(shortest, wait);
      longest = Math.max(longest, wait);
    }
    assertTrue(shortest >= 0 && shortest < 100, "some waits are short: " + shortest);
    assertTrue(longest > 300 && longest <= 400, "some waits reach near the ceiling: " + longest);
  }

  @Test
  void aRetryableFailureIsTriedAgainUntilAnAttemptSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        policy.call(
            n -> {
              calls.incrementAndGet();
              if (n < 3) {
                throw new IllegalStateException("busy");
              }
              return "done on " + n;
            },
            IllegalStateException.class::isInstance);
    assertEquals("done on 3", result);
    assertEquals(3, calls.get());
  }

  @Test
  void theLastFailureIsThrownWhenTheAttemptsRunOut() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException last = new IllegalStateException("still busy");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                policy.call(
                    n -> {
                      calls.incrementAndGet();
                      throw n == 4 ? last : new IllegalStateException("busy");
                    },
                    failure -> true));
    assertSame(last, thrown);
    assertEquals(4, calls.get());
    assertFalse(policy.allowsRetryAfter(4));
  }

  @Test
  void aFailureThatIsNotRetryableIsThrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            policy.call(
                n -> {
                  calls.incrementAndGet();
                  throw new IllegalArgumentException("bad input");
                },
                IllegalStateException.class::isInstance));
    assertEquals(1, calls.get());
  }

  @Test
  void nonsensicalSettingsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(1)));
  }
}
