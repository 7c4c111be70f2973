package io.livecomments.application.service.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private int takeAll(TokenBucket bucket) {
    int taken = 0;
    while (bucket.tryTake()) {
      taken++;
    }
    return taken;
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void aFreshBucketHoldsAFiftiethOfASecond() {
    TokenBucket bucket = new TokenBucket(500, now::get);
    assertEquals(10, takeAll(bucket));
    assertFalse(bucket.available());
  }

  @Test
  void noOneSecondWindowHoldsMoreThanTheRateWhateverTheCallersDo() {
    TokenBucket bucket = new TokenBucket(500, now::get);
    // Callers asking every millisecond for a minute, as hard as they can.
    int[] perMillisecond = new int[60_000];
    for (int ms = 0; ms < perMillisecond.length; ms++) {
      perMillisecond[ms] = takeAll(bucket);
      advance(Duration.ofMillis(1));
    }
    int window = 0;
    int most = 0;
    for (int ms = 0; ms < perMillisecond.length; ms++) {
      window += perMillisecond[ms];
      if (ms >= 1000) {
        window -= perMillisecond[ms - 1000];
      }
      most = Math.max(most, window);
    }
    assertTrue(most <= 0.85 * 500, "well within 500 in one second, was " + most);
    assertTrue(most >= 0.8 * 500, "but paced at 80% of it: " + most);
  }

  @Test
  void saysHowLongUntilTheNextPush() {
    TokenBucket bucket = new TokenBucket(100, now::get);
    takeAll(bucket);
    long wait = bucket.nanosUntilAvailable();
    // 80 a second: one every 12.5 ms.
    assertTrue(wait >= 12_400_000 && wait <= 12_600_000, "waits " + wait);
    advance(Duration.ofNanos(wait));
    assertTrue(bucket.tryTake());
    assertFalse(bucket.tryTake());
  }

  @Test
  void anIdleBucketRefillsOnlyToItsCapacity() {
    TokenBucket bucket = new TokenBucket(250, now::get);
    takeAll(bucket);
    advance(Duration.ofMinutes(5));
    assertEquals(5, takeAll(bucket));
  }

  @Test
  void zeroMeansNoLimitAndANegativeRateIsRefused() {
    TokenBucket unlimited = TokenBucket.perSecond(0, now::get);
    assertTrue(unlimited.isUnlimited());
    for (int i = 0; i < 100_000; i++) {
      assertTrue(unlimited.tryTake());
    }
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.perSecond(-1, now::get));
    assertTrue(refused.getMessage().contains("livecomments.push.max-rate"), refused.getMessage());
  }
}
