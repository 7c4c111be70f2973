package io.livecomments.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Context as cdk.json (JSON values) and {@code -c key=value} (strings) give it. */
class StackSettingsTest {

  private static final Map<String, Object> FIREBASE =
      Map.of("authMode", "firebase", "firebaseProjectId", "acme");

  @Test
  void withOnlyAuthenticationSetTheContractsDefaultsApply() {
    StackSettings settings = read(FIREBASE);
    assertEquals("prod", settings.stage());
    assertEquals(1000, settings.throttleRate());
    assertEquals(2000, settings.throttleBurst());
    assertEquals("apigateway", settings.broadcast());
    assertEquals(Optional.empty(), settings.imageUri());
    assertEquals(2, settings.desiredCount());
    assertEquals(List.of("$connect", "$disconnect", "$default"), settings.routes());
    assertEquals("livecomments-prod-", settings.tablePrefix());
    assertEquals(Optional.empty(), settings.corsAllowedOrigins());
    assertTrue(settings.isProduction());
  }

  @Test
  void theCommandLinesStringsAndCdkJsonsValuesMeanTheSame() {
    StackSettings fromCommandLine =
        read(
            with(
                Map.of(
                    "throttleRate", "50",
                    "throttleBurst", "100",
                    "desiredCount", "3",
                    "extraRoutes", "sendmessage, typing")));
    StackSettings fromCdkJson =
        read(
            with(
                Map.of(
                    "throttleRate", 50,
                    "throttleBurst", 100,
                    "desiredCount", 3,
                    "extraRoutes", List.of("sendmessage", "typing"))));
    assertEquals(fromCdkJson, fromCommandLine);
    assertEquals(List.of("sendmessage", "typing"), fromCommandLine.extraRoutes());
    assertEquals(50, fromCommandLine.throttleRate());
  }

  @Test
  void broadcastIsApigatewayOrHttpBridge() {
    assertEquals("apigateway", read(with(Map.of())).broadcast());
    assertFalse(read(with(Map.of())).isHttpBridge());
    assertTrue(read(with(Map.of("broadcast", "http-bridge"))).isHttpBridge());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> read(with(Map.of("broadcast", "lambda"))));
    assertTrue(e.getMessage().contains("apigateway or http-bridge"), e.getMessage());
  }

  @Test
  void aDeploymentMustChooseItsAuthentication() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> read(Map.of()));
    assertTrue(missing.getMessage().contains("authMode"), missing.getMessage());
    IllegalArgumentException noProject =
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("authMode", "firebase")));
    assertTrue(noProject.getMessage().contains("firebaseProjectId"), noProject.getMessage());
    assertEquals(
        Map.of(
            "LIVECOMMENTS_AUTH_MODE", "jwks",
            "LIVECOMMENTS_AUTH_JWKS_URL", "https://id.example.com/jwks.json",
            "LIVECOMMENTS_AUTH_ISSUER", "https://id.example.com/",
            "LIVECOMMENTS_AUTH_AUDIENCE", "comments"),
        read(Map.of(
                "authMode", "jwks",
                "jwksUrl", "https://id.example.com/jwks.json",
                "jwtIssuer", "https://id.example.com/",
                "jwtAudience", "comments"))
            .authEnvironment());
  }

  @Test
  void mistakesFailWithTheKeyInTheMessage() {
    for (Map.Entry<String, String> wrong :
        List.of(
            Map.entry("stage", "pro d"),
            Map.entry("stage", "blue_green"),
            Map.entry("throttleRate", "fast"),
            Map.entry("throttleBurst", "0"),
            Map.entry("desiredCount", "-1"),
            Map.entry("broadcast", "sns"),
            Map.entry("extraRoutes", "$connect"),
            Map.entry("tablePrefix", "live comments"))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> read(with(Map.of(wrong.getKey(), wrong.getValue()))),
              wrong.toString());
      assertTrue(e.getMessage().contains(wrong.getKey()), e.getMessage());
    }
  }

  private static Map<String, Object> with(Map<String, Object> context) {
    Map<String, Object> all = new HashMap<>(FIREBASE);
    all.putAll(context);
    return all;
  }

  private static StackSettings read(Map<String, Object> context) {
    return StackSettings.from(context::get);
  }
}
