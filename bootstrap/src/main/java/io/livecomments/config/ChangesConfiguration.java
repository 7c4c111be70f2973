package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code livecomments.changes}: the change log behind {@code GET …/changes} (CONTRACT section 8).
 *
 * @param retention how long a change stays in the log; a client away for longer gets 410
 *     changes-expired and re-reads the post instead
 */
@ConfigurationProperties("livecomments.changes")
public record ChangesConfiguration(@Bindable(defaultValue = "7d") @NotNull Duration retention) {

  public ChangesConfiguration {
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new ConfigurationException(
          "livecomments.changes.retention must be positive (e.g. 7d or 12h), was " + retention);
    }
  }
}
