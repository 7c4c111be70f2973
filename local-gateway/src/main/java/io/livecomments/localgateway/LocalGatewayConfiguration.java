package io.livecomments.localgateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings under {@code livecomments.local-gateway}. The defaults are API Gateway's own limits, so
 * that what works locally also works on AWS; tests shorten them instead of waiting minutes.
 *
 * @param integrationUrl base URL of the backend's {@code /api/v1/websocket/...} endpoints; unset
 *     means this server itself
 * @param stage the stage name reported in {@code requestContext.stage}
 * @param idleTimeout a connection without client frames for this long is closed
 * @param maxLifetime a connection older than this is closed
 * @param openTimeout an approved connection whose socket has not opened by then is dropped
 * @param sweepInterval how often the limits above are checked
 * @param integrationSecret sent as {@code X-Integration-Secret} on every integration call, as API
 *     Gateway sends a static request header; the service sets it to its own {@code
 *     livecomments.websocket.integration-secret}
 */
@ConfigurationProperties(LocalGatewayConfiguration.PREFIX)
@Requires(condition = LocalGatewayEnabledCondition.class)
public record LocalGatewayConfiguration(
    @Nullable String integrationUrl,
    @Bindable(defaultValue = "local") String stage,
    @Bindable(defaultValue = "10m") Duration idleTimeout,
    @Bindable(defaultValue = "2h") Duration maxLifetime,
    @Bindable(defaultValue = "10s") Duration openTimeout,
    @Bindable(defaultValue = "5s") Duration sweepInterval,
    @Nullable String integrationSecret) {

  public static final String PREFIX = "livecomments.local-gateway";

  /** The API id reported to the integration; there is only ever one local API. */
  public static final String API_ID = "local";

  /** API Gateway's limit on one WebSocket message, in either direction. */
  public static final int MAX_MESSAGE_BYTES = 128 * 1024;
}
