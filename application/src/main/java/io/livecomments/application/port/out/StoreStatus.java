package io.livecomments.application.port.out;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link StoreProbe} found: whether the store can serve, and per table (by its name) what
 * the store said about it, such as {@code ACTIVE}, {@code missing} or why it could not be asked.
 */
public record StoreStatus(boolean ready, Map<String, String> details) {

  public StoreStatus {
    // In the probe's order (the tables'), which is how an operator reads them.
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** Not ready, for a reason that concerns the store as a whole rather than one table. */
  public static StoreStatus notReady(String reason) {
    return new StoreStatus(false, Map.of("error", reason));
  }
}
