package io.livecomments.adapters.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * A token bucket per user, held in this process: {@code perMinute} writes in a burst, then one more
 * every {@code 60 s / perMinute}. Behind a load balancer each instance counts on its own.
 *
 * <p>Memory is bounded: at most {@code maxUsers} buckets are kept, and a bucket left alone for its
 * refill window is dropped. A dropped idle bucket was full again, and a missing bucket starts full,
 * so dropping it changes no answer. Only when more than {@code maxUsers} users write within one
 * window does the least recently seen user get a fresh allowance early.
 */
public final class InMemoryRateLimiter implements RateLimiter {

  /** Enough for every user active within a minute on one instance, a few tens of MB at most. */
  public static final int DEFAULT_MAX_USERS = 100_000;

  private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

  private final Clock clock;
  private final int perMinute;
  private final long nanosPerToken;
  private final Cache<UserId, Bucket> buckets;

  public InMemoryRateLimiter(int perMinute, Clock clock) {
    this(perMinute, clock, DEFAULT_MAX_USERS);
  }

  public InMemoryRateLimiter(int perMinute, Clock clock, int maxUsers) {
    this(perMinute, clock, maxUsers, ForkJoinPool.commonPool());
  }

  /**
   * @param maintenance runs Caffeine's evictions; tests pass {@code Runnable::run} so that they
   *     happen before the call that caused them returns
   */
  InMemoryRateLimiter(int perMinute, Clock clock, int maxUsers, Executor maintenance) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
    }
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    this.clock = clock;
    this.perMinute = perMinute;
    this.nanosPerToken = NANOS_PER_MINUTE / perMinute;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxUsers)
            // After an access at t the bucket's emptyAt is at most t, so from t + refillWindow on
            // it is full: exactly what a new bucket is.
            .expireAfterAccess(Duration.ofNanos(refillWindowNanos()))
            .ticker(() -> nanosOf(clock))
            .executor(maintenance)
            .build();
  }

  @Override
  public Permit tryAcquire(UserId userId) {
    Bucket bucket = buckets.get(userId, id -> new Bucket(nanosOf(clock) - NANOS_PER_MINUTE));
    synchronized (bucket) {
      // Read under the lock: a time read before another caller's update could be older than the
      // bucket's state and deny a write that the allowance covers.
      long now = nanosOf(clock);
      // The bucket stores when it was last empty; tokens are the time since, capped at a minute.
      long emptyAt = Math.max(bucket.emptyAt, now - refillWindowNanos());
      if (now - emptyAt < nanosPerToken) {
        return new Permit.Denied(Duration.ofNanos(nanosPerToken - (now - emptyAt)));
      }
      bucket.emptyAt = emptyAt + nanosPerToken;
      return Permit.GRANTED;
    }
  }

  /** How many users' buckets are held now, once pending evictions and expiries are done. */
  long retainedBuckets() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  /** How long an empty bucket takes to fill: {@code perMinute} tokens, at most a minute. */
  private long refillWindowNanos() {
    return (long) perMinute * nanosPerToken;
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
