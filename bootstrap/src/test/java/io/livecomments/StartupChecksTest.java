package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  @Test
  void anUnknownStoreIsNamedInTheFailure() {
    String failure = startupFailure(Map.of("livecomments.store", "cassandra"));
    assertTrue(failure.contains("livecomments.store=cassandra is not available"), failure);
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
