package io.livecomments.adapters.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

class AuthFactoryTest {

  private final AuthFactory factory = new AuthFactory();

  @Test
  void firebaseModeChecksGooglesKeysIssuerAndTheProjectAsAudience() {
    AuthFactory.RemoteKeys keys = AuthFactory.firebase("my-project");
    assertEquals(
        "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com",
        keys.jwksUrl());
    assertEquals("https://securetoken.google.com/my-project", keys.issuer());
    assertEquals("my-project", keys.audience());
  }

  @Test
  void aMissingSettingOfTheChosenModeStopsTheStartWithAPlainMessage() {
    ConfigurationException missing =
        assertThrows(
            ConfigurationException.class,
            () ->
                factory.jwtVerifier(
                    new AuthConfiguration(AuthMode.FIREBASE, null, null, null),
                    new AuthConfiguration.Firebase(" "),
                    null));
    assertTrue(
        missing.getMessage().contains("livecomments.auth.firebase.project-id"),
        missing.getMessage());
    ConfigurationException noAudience =
        assertThrows(
            ConfigurationException.class,
            () ->
                factory.jwtVerifier(
                    new AuthConfiguration(AuthMode.JWKS, "http://127.0.0.1/jwks", "iss", null),
                    new AuthConfiguration.Firebase(null),
                    null));
    assertTrue(
        noAudience.getMessage().contains("livecomments.auth.audience"), noAudience.getMessage());
  }

  @Test
  void aShortDevSecretIsRefused() {
    assertThrows(
        ConfigurationException.class,
        () -> factory.devSecret(new AuthConfiguration.Dev("too short")));
    assertEquals(32, factory.devSecret(new AuthConfiguration.Dev(null)).length);
  }
}
