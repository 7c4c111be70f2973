package io.livecomments.config;

import io.livecomments.adapters.rest.auth.AuthConfiguration;
import io.livecomments.localgateway.LocalGatewayConfiguration;
import io.livecomments.localgateway.LocalGatewayEnabledCondition;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds every setting at start, so that a bad value stops the start rather than the first request
 * that needs it, and checks what no single setting can check alone, so that a combination that
 * cannot work stops the start with the settings to change rather than failing at the first push.
 * Each value on its own is checked where it is bound (the {@code *Configuration} records).
 */
@Context
public class ConfigurationCheck {

  static final String LOCAL_GATEWAY_ENABLED = LocalGatewayEnabledCondition.ENABLED;

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationCheck.class);

  ConfigurationCheck(
      LiveCommentsConfiguration service,
      ApiGatewayConfiguration apiGateway,
      HttpBridgeConfiguration httpBridge,
      DynamoDbConfiguration dynamoDb,
      AuthConfiguration auth,
      RateLimitConfiguration rateLimit,
      PushConfiguration push,
      AwsConfiguration aws,
      ShutdownConfiguration shutdown,
      HealthConfiguration health,
      ChangesConfiguration changes,
      CorsConfiguration cors,
      Optional<LocalGatewayConfiguration> localGatewayOn) {
    requireHttpUrl("livecomments.apigateway.endpoint", apiGateway.endpoint());
    requireHttpUrl("livecomments.http-bridge.endpoint", httpBridge.endpoint());
    requireHttpUrl("livecomments.dynamodb.endpoint", dynamoDb.endpoint());
    boolean localGateway = localGatewayOn.isPresent();
    if (!localGateway) {
      requireAGateway(service.broadcast(), apiGateway, httpBridge);
    }
    LOG.info(
        "Store: {}; broadcast: {}; auth: {}; local gateway: {}; region: {}; {} comments per minute"
            + " per user; {} push threads; push budget {}; drain on stop up to {}",
        ModeConverters.spelling(service.store()),
        ModeConverters.spelling(service.broadcast()),
        ModeConverters.spelling(auth.mode()),
        localGateway ? "on" : "off",
        aws.region(),
        rateLimit.commentsPerMinute(),
        push.threads(),
        push.maxRate() == 0 ? "unlimited" : push.maxRate() + " pushes/s",
        shutdown.drainTimeout().toMillis() / 1000.0 + " s");
  }

  /** With the local gateway off, what pushes go through must be configured. */
  private static void requireAGateway(
      BroadcastMode broadcast, ApiGatewayConfiguration apiGateway, HttpBridgeConfiguration bridge) {
    switch (broadcast) {
      case APIGATEWAY -> {
        if (apiGateway.endpoint() == null) {
          throw new ConfigurationException(
              LOCAL_GATEWAY_ENABLED
                  + "=false with livecomments.broadcast=apigateway needs"
                  + " livecomments.apigateway.endpoint: without either there is no gateway to push"
                  + " through (livecomments.broadcast=none runs without one)");
        }
      }
      case HTTP_BRIDGE -> {
        if (bridge.endpoint() == null) {
          throw new ConfigurationException(
              LOCAL_GATEWAY_ENABLED
                  + "=false with livecomments.broadcast=http-bridge needs"
                  + " livecomments.http-bridge.endpoint: the default bridge is the local gateway's");
        }
      }
      case NONE -> {
        // Nothing is pushed, so nothing needs a gateway.
      }
    }
  }

  private static void requireHttpUrl(String property, @Nullable URI uri) {
    if (uri == null) {
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigurationException(
          property + "=" + uri + " is not an absolute http(s) URL such as https://host/path");
    }
  }
}
