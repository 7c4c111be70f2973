package io.livecomments.config;

import io.livecomments.application.retry.RetryPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code livecomments.push}: the threads that fan pushes out, how throttled (429) or failed (5xx)
 * pushes are retried, and how many pushes a second this instance may send.
 *
 * @param threads fan-outs (the audience read), the pusher's drainers and retries run here
 * @param retryAttempts attempts per push in all, the first included
 * @param retryFirstBackoff the backoff ceiling after the first failure, doubling after each
 * @param retryMaxBackoff the largest backoff ceiling
 * @param maxRate pushes per second to the Management API, retries included; 0 for no limit. Beyond
 *     it messages wait in their connections' outboxes (and batch)
 * @param batchDelay how long a comment's event waits in the outbox of an idle {@code batch=1}
 *     connection for the events that follow it, so that a burst leaves in fewer frames; 0 sends at
 *     once. Answers to one connection ({@code pong}, {@code comments.list}) never wait
 */
@ConfigurationProperties("livecomments.push")
public record PushConfiguration(
    @Bindable(defaultValue = "16")
        @Min(value = 1, message = "livecomments.push.threads must be between 1 and 1024")
        @Max(value = 1024, message = "livecomments.push.threads must be between 1 and 1024")
        int threads,
    @Bindable(defaultValue = "4")
        @Min(value = 1, message = "livecomments.push.retry-attempts must be between 1 and 20")
        @Max(value = 20, message = "livecomments.push.retry-attempts must be between 1 and 20")
        int retryAttempts,
    @Bindable(defaultValue = "100ms") @NotNull Duration retryFirstBackoff,
    @Bindable(defaultValue = "2s") @NotNull Duration retryMaxBackoff,
    @Bindable(defaultValue = "0")
        @Min(
            value = 0,
            message =
                "livecomments.push.max-rate must be 0 (no limit) or a positive number of pushes"
                    + " per second")
        int maxRate,
    @Bindable(defaultValue = "250ms") @NotNull Duration batchDelay) {

  /** A longer delay would be felt as lag; the soak's p99 budget is a second. */
  static final Duration MAX_BATCH_DELAY = Duration.ofSeconds(1);

  public PushConfiguration {
    if (batchDelay.isNegative() || batchDelay.compareTo(MAX_BATCH_DELAY) > 0) {
      throw new IllegalArgumentException(
          "livecomments.push.batch-delay must be between 0 and "
              + MAX_BATCH_DELAY.toMillis()
              + "ms");
    }
  }

  public RetryPolicy retryPolicy() {
    return new RetryPolicy(retryAttempts, retryFirstBackoff, retryMaxBackoff);
  }
}
