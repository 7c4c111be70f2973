package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user, held in this process: {@code perMinute} writes in a burst, then one more
 * every {@code 60 s / perMinute}. Behind a load balancer each instance counts on its own.
 */
public final class InMemoryRateLimiter implements RateLimiter {

  private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

  private final Clock clock;
  private final int perMinute;
  private final long nanosPerToken;
  private final Map<UserId, Bucket> buckets = new ConcurrentHashMap<>();

  public InMemoryRateLimiter(int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
    }
    this.clock = clock;
    this.perMinute = perMinute;
    this.nanosPerToken = NANOS_PER_MINUTE / perMinute;
  }

  @Override
  public Permit tryAcquire(UserId userId) {
    long now = nanosOf(clock);
    Bucket bucket = buckets.computeIfAbsent(userId, id -> new Bucket(now - NANOS_PER_MINUTE));
    synchronized (bucket) {
      // The bucket stores when it was last empty; tokens are the time since, capped at a minute.
      long emptyAt = Math.max(bucket.emptyAt, now - (long) perMinute * nanosPerToken);
      if (now - emptyAt < nanosPerToken) {
        return new Permit.Denied(Duration.ofNanos(nanosPerToken - (now - emptyAt)));
      }
      bucket.emptyAt = emptyAt + nanosPerToken;
      return Permit.GRANTED;
    }
  }

  private static long nanosOf(Clock clock) {
    var instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static final class Bucket {
    long emptyAt;

    Bucket(long emptyAt) {
      this.emptyAt = emptyAt;
    }
  }
}
