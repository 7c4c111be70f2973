package io.livecomments.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the start with a plain message when {@code livecomments.store} names a store this build
 * does not have, rather than with a missing-bean stack trace.
 */
@Context
public class StoreSelection {

  public static final String PROPERTY = "livecomments.store";
  static final Set<String> AVAILABLE = Set.of("memory");

  private static final Logger LOG = LoggerFactory.getLogger(StoreSelection.class);

  StoreSelection(@Property(name = PROPERTY) String store) {
    if (!AVAILABLE.contains(store)) {
      throw new ConfigurationException(
          "livecomments.store="
              + store
              + " is not available in this build; use one of "
              + AVAILABLE);
    }
    LOG.info("Store: {}", store);
  }
}
