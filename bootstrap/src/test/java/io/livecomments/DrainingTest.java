package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livecomments.Api.Reply;
import io.livecomments.config.GracefulShutdown;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The first part of a stop, in process: once it has run, the REST API and new sockets are refused
 * with 503, open local sockets have been closed with 1001, and the Management API still answers
 * (410 for the closed ones), as draining pushes need it to.
 */
@MicronautTest
@Property(name = "livecomments.store", value = "memory")
class DrainingTest {

  @Inject EmbeddedServer server;
  @Inject GracefulShutdown shutdown;

  @Test
  void afterTheDrainNewWorkIsRefusedAndLocalSocketsAreClosedWith1001() throws Exception {
    Api api = new Api(server.getURI());
    String token = api.devToken("drain-" + UUID.randomUUID(), null);
    String post = api.createPost(token, "before the stop");
    WsClient client = WsClient.connect(server.getURI(), "postId=" + post);
    String id = client.connectionId();

    shutdown.drain();

    assertEquals(1001, client.closed.get(10, TimeUnit.SECONDS));
    Reply refused = api.get("/api/v1/posts/" + post).assertProblem(503);
    assertEquals(Optional.of("5"), refused.header("Retry-After"));
    api.send("POST", "/api/v1/posts", token, "{\"title\":\"during the stop\"}").assertProblem(503);
    CompletionException upgrade =
        assertThrows(CompletionException.class, () -> WsClient.connect(server.getURI(), ""));
    assertEquals(
        503, ((WebSocketHandshakeException) upgrade.getCause()).getResponse().statusCode());
    String connection = "/@connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    assertEquals(410, api.send("POST", connection, null, "{}").status());
  }
}
