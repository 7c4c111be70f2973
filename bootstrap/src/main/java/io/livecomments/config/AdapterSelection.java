package io.livecomments.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the start with a plain message when {@code livecomments.store} or {@code
 * livecomments.broadcast} names an adapter this build does not have, rather than with a
 * missing-bean stack trace.
 */
@Context
public class AdapterSelection {

  public static final String STORE = "livecomments.store";
  public static final String BROADCAST = "livecomments.broadcast";
  static final Set<String> STORES = Set.of("embedded", "memory", "dynamodb");
  static final Set<String> BROADCASTS = Set.of("apigateway", "http-bridge", "none");

  private static final Logger LOG = LoggerFactory.getLogger(AdapterSelection.class);

  AdapterSelection(
      @Property(name = STORE) String store,
      @Property(name = BROADCAST) String broadcast,
      @Nullable @Property(name = "livecomments.apigateway.endpoint") String endpoint,
      @Nullable @Property(name = "livecomments.local-gateway.enabled") Boolean localGateway) {
    require(STORE, store, STORES);
    require(BROADCAST, broadcast, BROADCASTS);
    boolean noEndpoint = endpoint == null || endpoint.isBlank();
    if (noEndpoint && Boolean.FALSE.equals(localGateway)) {
      // Pushes and replies would go to this server's own Management API, which is then absent.
      throw new ConfigurationException(
          "livecomments.local-gateway.enabled=false needs livecomments.apigateway.endpoint:"
              + " without either there is no gateway to push through");
    }
    LOG.info("Store: {}; broadcast: {}", store, broadcast);
  }

  private static void require(String property, String value, Set<String> available) {
    if (!available.contains(value)) {
      throw new ConfigurationException(
          property + "=" + value + " is not available in this build; use one of " + available);
    }
  }
}
