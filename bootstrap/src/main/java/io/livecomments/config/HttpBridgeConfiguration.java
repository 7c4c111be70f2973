package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.Optional;

/**
 * {@code livecomments.http-bridge}: the broadcast bridge of {@code broadcast=http-bridge}, which
 * gets each message once at {@code {endpoint}/{stage}/broadcast/comments}.
 *
 * @param endpoint unset: this service's own local gateway bridge
 * @param stage the path segment before {@code /broadcast/comments}
 */
@ConfigurationProperties("livecomments.http-bridge")
public record HttpBridgeConfiguration(
    @Nullable URI endpoint,
    @Bindable(defaultValue = "development")
        @NotNull
        @Pattern(
            regexp = "[A-Za-z0-9_-]{1,128}",
            message =
                "livecomments.http-bridge.stage must be one path segment of letters, digits,"
                    + " '_' and '-'")
        String stage) {

  public Optional<URI> configuredEndpoint() {
    return Optional.ofNullable(endpoint);
  }
}
