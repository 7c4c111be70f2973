package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code livecomments.health}: what readiness probes ({@code GET /health/readiness}) cost.
 *
 * @param storeCheckInterval how long a check of the store (one {@code DescribeTable} per table) is
 *     reused: however often a load balancer probes, the store sees at most one check per interval,
 *     and readiness shows a change within the interval plus the check's own few seconds
 */
@ConfigurationProperties("livecomments.health")
public record HealthConfiguration(
    @Bindable(defaultValue = "2s") @NotNull Duration storeCheckInterval) {

  /** Longer would keep a load balancer sending requests to a store that is gone. */
  static final Duration MAX_STORE_CHECK_INTERVAL = Duration.ofMinutes(1);

  public HealthConfiguration {
    if (storeCheckInterval != null
        && (storeCheckInterval.isNegative()
            || storeCheckInterval.compareTo(MAX_STORE_CHECK_INTERVAL) > 0)) {
      throw new ConfigurationException(
          "livecomments.health.store-check-interval must be between 0s and 60s, was "
              + storeCheckInterval);
    }
  }
}
