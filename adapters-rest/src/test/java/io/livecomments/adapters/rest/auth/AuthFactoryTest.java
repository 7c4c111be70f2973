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
  void modesAreReadWithoutRegardToCase() {
    assertEquals(AuthMode.FIREBASE, factory.authMode(" Firebase "));
    assertEquals(AuthMode.JWKS, factory.authMode("jwks"));
  }

  @Test
  void anUnknownModeOrAMissingSettingStopsTheStartWithAPlainMessage() {
    ConfigurationException unknown =
        assertThrows(ConfigurationException.class, () -> factory.authMode("ldap"));
    assertTrue(unknown.getMessage().contains("dev, firebase or jwks"), unknown.getMessage());

    ConfigurationException missing =
        assertThrows(
            ConfigurationException.class,
            () -> factory.jwtVerifier(AuthMode.FIREBASE, null, " ", null, null, null));
    assertTrue(
        missing.getMessage().contains("livecomments.auth.firebase.project-id"),
        missing.getMessage());
    assertThrows(
        ConfigurationException.class,
        () -> factory.jwtVerifier(AuthMode.JWKS, null, null, "http://127.0.0.1/jwks", "iss", null));
  }

  @Test
  void aShortDevSecretIsRefused() {
    assertThrows(ConfigurationException.class, () -> factory.devSecret("too short"));
    assertEquals(32, factory.devSecret(null).length);
  }
}
