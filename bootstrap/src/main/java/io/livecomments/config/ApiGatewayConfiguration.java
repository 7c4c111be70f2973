package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.Optional;

/**
 * {@code livecomments.apigateway}: the Management API that pushes go through.
 *
 * @param endpoint {@code https://{api-id}.execute-api.{region}.amazonaws.com/{stage}}; unset: this
 *     service's own local gateway
 * @param maxConcurrency pushes in flight at once
 */
@ConfigurationProperties("livecomments.apigateway")
public record ApiGatewayConfiguration(
    @Nullable URI endpoint,
    @Bindable(defaultValue = "256")
        @Min(value = 1, message = MAX_CONCURRENCY + " must be between 1 and 10000")
        @Max(value = 10_000, message = MAX_CONCURRENCY + " must be between 1 and 10000")
        int maxConcurrency) {

  static final String MAX_CONCURRENCY = "livecomments.apigateway.max-concurrency";

  public Optional<URI> configuredEndpoint() {
    return Optional.ofNullable(endpoint);
  }
}
