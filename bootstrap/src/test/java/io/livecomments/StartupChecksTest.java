package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings that would make the service unsafe or unusable stop it at start, with a reason. */
class StartupChecksTest {

  private static String startupFailure(Map<String, Object> properties) {
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () -> ApplicationContext.run(EmbeddedServer.class, properties).close());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Test
  void micronautsLenientTokenValidatorsMayNotRunBesideOurs() {
    String failure =
        startupFailure(Map.of("micronaut.security.token.jwt.nimbus.reactive-validator", true));
    assertTrue(failure.contains("Token validators other than BearerTokenValidator"), failure);
  }

  @ParameterizedTest
  @CsvSource({
    "livecomments.store, cassandra, 'embedded, memory, dynamodb'",
    "livecomments.store, MEMORY, 'embedded, memory, dynamodb'",
    "livecomments.broadcast, sns, 'apigateway, http-bridge, none'",
    "livecomments.auth.mode, ldap, 'dev, firebase, jwks'",
    "livecomments.log.format, xml, 'text, json'",
    "livecomments.log.format, JSON, 'text, json'",
  })
  void anUnknownModeIsNamedInTheFailureWithTheAllowedValues(
      String property, String value, String allowed) {
    String failure = startupFailure(Map.of(property, value));
    assertTrue(
        failure.contains(property + "=" + value + " is not available in this build"), failure);
    assertTrue(failure.contains("use one of: " + allowed), failure);
  }

  @ParameterizedTest
  @CsvSource({
    "livecomments.apigateway.max-concurrency, 0",
    "livecomments.rate-limit.comments-per-minute, -1",
    "livecomments.push.threads, 0",
    "livecomments.push.max-rate, -1",
    "livecomments.push.batch-delay, -1ms",
    "livecomments.push.batch-delay, 2s",
    "livecomments.dynamodb.table-prefix, 'bad prefix!'",
    "livecomments.http-bridge.stage, 'a/b'",
    "livecomments.health.store-check-interval, 2m",
    "livecomments.health.store-check-interval, -1s",
    "livecomments.changes.retention, 0s",
    "livecomments.changes.retention, 0d",
  })
  void anOutOfRangeValueIsNamedInTheFailure(String property, String value) {
    String failure = startupFailure(Map.of(property, value));
    assertTrue(failure.contains(property + " must"), failure);
  }

  @ParameterizedTest
  @CsvSource({
    "'blog.example.com'",
    "'https://blog.example.com/comments'",
    "'ftp://blog.example.com'",
    "'*, https://blog.example.com'",
  })
  void aCorsOriginThatIsNoOriginIsNamedInTheFailure(String value) {
    String failure = startupFailure(Map.of("livecomments.cors.allowed-origins", value));
    assertTrue(failure.contains("livecomments.cors.allowed-origins"), failure);
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsNamedInTheFailure() {
    String failure =
        startupFailure(Map.of("livecomments.apigateway.endpoint", "execute-api.example.com"));
    assertTrue(
        failure.contains("livecomments.apigateway.endpoint=execute-api.example.com is not"),
        failure);
  }

  @Test
  void theHttpBridgeWithoutTheLocalGatewayNeedsItsEndpoint() {
    String failure =
        startupFailure(
            Map.of(
                "livecomments.broadcast",
                "http-bridge",
                "livecomments.local-gateway.enabled",
                false));
    assertTrue(failure.contains("needs livecomments.http-bridge.endpoint"), failure);
  }

  @Test
  void turningTheLocalGatewayOffWithoutARealEndpointLeavesNothingToPushThrough() {
    String failure = startupFailure(Map.of("livecomments.local-gateway.enabled", false));
    assertTrue(failure.contains("needs livecomments.apigateway.endpoint"), failure);
  }

  @Test
  void jwksModeWithoutItsUrlIsNamedInTheFailure() {
    String failure = startupFailure(Map.of("livecomments.auth.mode", "jwks"));
    assertTrue(failure.contains("livecomments.auth.jwks-url must be set"), failure);
  }

  @Test
  void missingTablesWithoutCreateTablesAreNamedInTheFailure() {
    Map<String, Object> properties = SeparateDynamoDb.serviceProperties("absent-");
    properties.put("livecomments.dynamodb.create-tables", "false");
    String failure = startupFailure(properties);
    assertTrue(failure.contains("DynamoDB tables [absent-posts, absent-comments"), failure);
    assertTrue(failure.contains("livecomments.dynamodb.create-tables=true"), failure);
  }

  @Test
  void anEmbeddedStoreThatCannotWriteItsFolderSaysWhich() throws Exception {
    Path file = Files.createTempFile("not-a-folder", ".txt");
    try {
      String failure =
          startupFailure(
              Map.of("livecomments.store", "embedded", "livecomments.data-dir", file.toString()));
      assertTrue(failure.contains("Cannot create the data folder " + file), failure);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
