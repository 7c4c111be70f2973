package io.livecomments.lambda.broadcast;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code livecomments.websocket.integration-secret} ({@code
 * LIVECOMMENTS_WEBSOCKET_INTEGRATION_SECRET}): the secret the gateway's integrations already share
 * with the service. When set, a call to the bridge must carry it in {@code X-Integration-Secret},
 * as the service's own integration endpoints require, because whoever reaches the bridge can
 * message every connection. Unset: no check.
 */
@ConfigurationProperties("livecomments.websocket")
public record BridgeSecretConfiguration(@Nullable String integrationSecret) {

  public static final String HEADER = "X-Integration-Secret";

  public boolean required() {
    return integrationSecret != null && !integrationSecret.isEmpty();
  }

  /** Compared in constant time, so that the answer's timing tells nothing about the secret. */
  public boolean accepts(@Nullable String presented) {
    if (!required()) {
      return true;
    }
    return presented != null
        && MessageDigest.isEqual(
            integrationSecret.getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }
}
