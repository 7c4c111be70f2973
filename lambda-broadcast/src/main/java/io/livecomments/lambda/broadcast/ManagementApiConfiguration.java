package io.livecomments.lambda.broadcast;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;

/**
 * {@code livecomments.apigateway} ({@code LIVECOMMENTS_APIGATEWAY_*}), as the service reads it: the
 * Management API the frames go through. Unlike the service, the bridge has no local gateway to fall
 * back on, so the endpoint is required.
 *
 * @param endpoint the stage's callback URL, {@code
 *     https://{api-id}.execute-api.{region}.amazonaws.com/{stage}}
 * @param maxConcurrency pushes in flight at once
 */
@ConfigurationProperties("livecomments.apigateway")
public record ManagementApiConfiguration(
    @Nullable URI endpoint, @Bindable(defaultValue = "256") int maxConcurrency) {

  public ManagementApiConfiguration {
    if (endpoint == null) {
      throw new IllegalStateException(
          "LIVECOMMENTS_APIGATEWAY_ENDPOINT (livecomments.apigateway.endpoint) must be set to the"
              + " WebSocket stage's callback URL, e.g."
              + " https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
    }
    if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
      throw new IllegalStateException(
          "livecomments.apigateway.endpoint must be an http(s) URL, was " + endpoint);
    }
    if (maxConcurrency < 1 || maxConcurrency > 10_000) {
      throw new IllegalStateException(
          "livecomments.apigateway.max-concurrency must be between 1 and 10000, was "
              + maxConcurrency);
    }
  }
}
