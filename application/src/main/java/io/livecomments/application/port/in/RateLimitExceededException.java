package io.livecomments.application.port.in;

import java.time.Duration;

/** The user writes faster than allowed; the next write may succeed after {@code retryAfter}. */
public final class RateLimitExceededException extends RuntimeException {

  private final Duration retryAfter;

  public RateLimitExceededException(Duration retryAfter) {
    super(
        "Too many comments; retry in " + retryAfterSeconds(retryAfter) + " s", null, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whole seconds to wait, rounded up and at least one: what {@code Retry-After} carries. */
  public static long retryAfterSeconds(Duration retryAfter) {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
