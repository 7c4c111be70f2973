package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/websocket/connections} says when its count was taken, and with {@code
 * livecomments.dynamodb.connection-count-interval} set reuses the count within the interval instead
 * of scanning the connections table again.
 */
@MicronautTest
@Property(name = "livecomments.dynamodb.connection-count-interval", value = "1h")
class ConnectionCountEndpointTest {

  @Inject EmbeddedServer server;

  @Test
  void theCountSaysWhenItWasTakenAndIsReusedWithinTheInterval() {
    Api api = new Api(server.getURI());
    Api.Reply first = api.get("/api/v1/websocket/connections");
    assertEquals(200, first.status(), first.text());
    assertEquals(
        Set.of("status", "connectionCount", "timestamp", "endpoint", "countedAt"),
        first.json().keySet());
    assertEquals("healthy", first.string("status"));
    assertTrue(first.string("countedAt").endsWith("Z"), first.text());
    Instant countedAt = Instant.parse(first.string("countedAt"));
    assertFalse(countedAt.isAfter(Instant.parse(first.string("timestamp"))), first.text());

    try (WsClient client = WsClient.connect(server.getURI(), "")) {
      client.connectionId();
      Api.Reply second = api.get("/api/v1/websocket/connections");
      assertEquals(first.json().get("connectionCount"), second.json().get("connectionCount"));
      assertEquals(first.string("countedAt"), second.string("countedAt"), "not counted again");
    }
  }
}
