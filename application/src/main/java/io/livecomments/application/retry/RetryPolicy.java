package io.livecomments.application.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * How often and how patiently to retry an operation that may well succeed a moment later: a
 * throttled push, a lost optimistic-concurrency race, an integration call to a busy backend. The
 * one retry rule of the service, so that every loop backs off the same way.
 *
 * <p>After failed attempt {@code n} (counted from 1) the caller waits a random time between zero
 * and {@code min(maxBackoff, firstBackoff * 2^(n-1))}: exponential backoff with "full jitter", so
 * that many callers that failed together do not all come back at the same instant.
 *
 * @param maxAttempts attempts in all, the first one included
 * @param firstBackoff the ceiling of the wait after the first failure
 * @param maxBackoff the largest ceiling, however many attempts failed
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= firstBackoff <= maxBackoff, was " + firstBackoff + " and " + maxBackoff);
    }
  }

  /** Whether another attempt may follow failed attempt {@code attempt}. */
  public boolean allowsRetryAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /** The ceiling of the wait after failed attempt {@code attempt}: the backoff before jitter. */
  public Duration ceilingAfter(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 30));
    long first = firstBackoff.toMillis();
    long doubled = first > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : first << doublings;
    return Duration.ofMillis(Math.min(maxBackoff.toMillis(), doubled));
  }

  /** How long to wait after failed attempt {@code attempt}: uniform in [0, ceiling]. */
  public Duration backoffAfter(int attempt) {
    return Duration.ofMillis(
        ThreadLocalRandom.current().nextLong(ceilingAfter(attempt).toMillis() + 1));
  }

  /**
   * Runs {@code attempt} (given its number, from 1) until it returns, blocking the calling thread
   * during the backoffs. A failure that {@code retryable} rejects, or the failure of the last
   * attempt, is thrown as it is; so is the last failure if the thread is interrupted while waiting
   * (with the interrupt flag kept).
   */
  public <T> T call(IntFunction<T> attempt, Predicate<? super RuntimeException> retryable) {
    for (int n = 1; ; n++) {
      try {
        return attempt.apply(n);
      } catch (RuntimeException failure) {
        if (!allowsRetryAfter(n) || !retryable.test(failure)) {
          throw failure;
        }
        try {
          Thread.sleep(backoffAfter(n).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          failure.addSuppressed(interrupted);
          throw failure;
        }
      }
    }
  }
}
