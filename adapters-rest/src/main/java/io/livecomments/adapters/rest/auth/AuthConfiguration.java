package io.livecomments.adapters.rest.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

/**
 * {@code livecomments.auth}: where bearer tokens come from. The settings a mode needs are checked
 * when the verifier is built ({@link AuthFactory}), so that a missing one is named at start.
 *
 * @param mode dev, firebase or jwks
 * @param jwksUrl the provider's key set, for jwks
 * @param issuer the {@code iss} its tokens carry, for jwks
 * @param audience the {@code aud} its tokens carry, for jwks
 */
@ConfigurationProperties("livecomments.auth")
public record AuthConfiguration(
    @Bindable(defaultValue = "dev") @NotNull AuthMode mode,
    @Nullable String jwksUrl,
    @Nullable String issuer,
    @Nullable String audience) {

  /**
   * {@code livecomments.auth.dev}.
   *
   * @param secret the HS256 secret dev tokens are signed with, at least 32 bytes; unset: a fresh
   *     one at every start
   */
  @ConfigurationProperties("livecomments.auth.dev")
  public record Dev(@Nullable String secret) {}

  /**
   * {@code livecomments.auth.firebase}.
   *
   * @param projectId the Firebase project whose ID tokens are accepted
   */
  @ConfigurationProperties("livecomments.auth.firebase")
  public record Firebase(@Nullable String projectId) {}
}
