package io.livecomments.application.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * How many connections were live at {@code countedAt}. Stores for which counting is expensive count
 * now and then and hand out their last figure meanwhile, so callers see how old it is.
 */
public record ConnectionCount(int connections, Instant countedAt) {

  public ConnectionCount {
    if (connections < 0) {
      throw new IllegalArgumentException("connections must not be negative, was " + connections);
    }
    Objects.requireNonNull(countedAt, "countedAt");
  }
}
