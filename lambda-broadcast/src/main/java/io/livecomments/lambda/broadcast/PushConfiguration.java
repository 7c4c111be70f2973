package io.livecomments.lambda.broadcast;

import io.livecomments.application.retry.RetryPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code livecomments.push} ({@code LIVECOMMENTS_PUSH_*}), with the service's names and defaults,
 * so that the bridge retries a throttled (429) or failed (5xx) push exactly as the service does.
 *
 * @param threads retries and registry clean-up run here; its threads may block
 * @param retryAttempts attempts per push in all, the first included
 * @param retryFirstBackoff the backoff ceiling after the first failure, doubling after each
 * @param retryMaxBackoff the largest backoff ceiling
 */
@ConfigurationProperties("livecomments.push")
public record PushConfiguration(
    @Bindable(defaultValue = "16") int threads,
    @Bindable(defaultValue = "4") int retryAttempts,
    @Bindable(defaultValue = "100ms") Duration retryFirstBackoff,
    @Bindable(defaultValue = "2s") Duration retryMaxBackoff) {

  public PushConfiguration {
    if (threads < 1 || threads > 1024) {
      throw new IllegalStateException(
          "livecomments.push.threads must be between 1 and 1024, was " + threads);
    }
    if (retryAttempts < 1 || retryAttempts > 20) {
      throw new IllegalStateException(
          "livecomments.push.retry-attempts must be between 1 and 20, was " + retryAttempts);
    }
  }

  public RetryPolicy retryPolicy() {
    return new RetryPolicy(retryAttempts, retryFirstBackoff, retryMaxBackoff);
  }
}
