package io.livecomments.application.port.out;

import io.livecomments.domain.UserId;
import java.time.Duration;

/** Decides whether a user may write now. */
@FunctionalInterface
public interface RateLimiter {

  Permit tryAcquire(UserId userId);

  /** The answer: go ahead, or come back after {@code retryAfter}. */
  sealed interface Permit {
    record Granted() implements Permit {}

    record Denied(Duration retryAfter) implements Permit {}

    Permit GRANTED = new Granted();
  }

  /** Lets every write through, for tests and for deployments that limit at the edge. */
  static RateLimiter unlimited() {
    return userId -> Permit.GRANTED;
  }
}
