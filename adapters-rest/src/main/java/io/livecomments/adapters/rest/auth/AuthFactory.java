package io.livecomments.adapters.rest.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the token verifier for {@code livecomments.auth.mode}, failing fast on missing settings.
 */
@Factory
public class AuthFactory {

  static final String FIREBASE_JWKS_URL =
      "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";

  private static final Logger LOG = LoggerFactory.getLogger(AuthFactory.class);

  @Singleton
  AuthMode authMode(AuthConfiguration configuration) {
    return configuration.mode();
  }

  /** The HS256 secret of dev mode: configured, or fresh at every start. */
  @Singleton
  @Named("dev-secret")
  @Requires(property = AuthMode.PROPERTY, value = "dev", defaultValue = "dev")
  byte[] devSecret(AuthConfiguration.Dev dev) {
    String configured = dev.secret();
    if (configured == null || configured.isBlank()) {
      LOG.info("Dev auth: signing tokens with a secret generated for this run");
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      return secret;
    }
    byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
    if (secret.length < 32) {
      throw new ConfigurationException("livecomments.auth.dev.secret must be at least 32 bytes");
    }
    return secret;
  }

  @Singleton
  @Requires(property = AuthMode.PROPERTY, value = "dev", defaultValue = "dev")
  DevTokenIssuer devTokenIssuer(@Named("dev-secret") byte[] secret, Clock clock) {
    return new DevTokenIssuer(secret, clock);
  }

  @Singleton
  JwtVerifier jwtVerifier(
      AuthConfiguration auth,
      AuthConfiguration.Firebase firebase,
      @Nullable @Named("dev-secret") byte[] devSecret) {
    return switch (auth.mode()) {
      case DEV ->
          new JwtVerifier(
              new ImmutableSecret<>(devSecret),
              Set.of(JWSAlgorithm.HS256),
              DevTokenIssuer.ISSUER,
              DevTokenIssuer.AUDIENCE,
              false);
      case FIREBASE ->
          remote(firebase(require(firebase.projectId(), "livecomments.auth.firebase.project-id")));
      case JWKS ->
          remote(
              new RemoteKeys(
                  require(auth.jwksUrl(), "livecomments.auth.jwks-url"),
                  require(auth.issuer(), "livecomments.auth.issuer"),
                  require(auth.audience(), "livecomments.auth.audience")));
    };
  }

  /** Where a provider publishes its keys, and what its tokens must say about who made them. */
  record RemoteKeys(String jwksUrl, String issuer, String audience) {}

  /** Firebase ID tokens, as Firebase documents them for verification by third-party backends. */
  static RemoteKeys firebase(String projectId) {
    return new RemoteKeys(
        FIREBASE_JWKS_URL, "https://securetoken.google.com/" + projectId, projectId);
  }

  private static JwtVerifier remote(RemoteKeys keys) {
    LOG.info(
        "Verifying bearer tokens with keys from {} (issuer {}, audience {})",
        keys.jwksUrl(),
        keys.issuer(),
        keys.audience());
    URL url;
    try {
      url = URI.create(keys.jwksUrl()).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new ConfigurationException("The JWKS URL is not a URL: " + keys.jwksUrl());
    }
    // Cached with refresh-ahead and a rate-limited refetch on an unknown key id (key rotation).
    return new JwtVerifier(
        JWKSourceBuilder.<SecurityContext>create(url).retrying(true).build(),
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
        keys.issuer(),
        keys.audience(),
        true);
  }

  private static String require(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(property + " must be set for this livecomments.auth.mode");
    }
    return value.trim();
  }
}
