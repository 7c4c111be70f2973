package io.livecomments;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code broadcast=http-bridge} with {@code livecomments.websocket.integration-secret}: every call
 * to the bridge (the broadcast Lambda on AWS, a recording server here) carries the secret as {@code
 * X-Integration-Secret}, so that the bridge can require it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpBridgeSecretTest implements TestPropertyProvider {

  private static final String SECRET = "bridge-s3cret";

  record Call(String path, String secret) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final HttpServer bridge = startBridge();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "livecomments.broadcast",
        "http-bridge",
        "livecomments.http-bridge.endpoint",
        "http://127.0.0.1:" + bridge.getAddress().getPort(),
        "livecomments.http-bridge.stage",
        "prod",
        "livecomments.websocket.integration-secret",
        SECRET);
  }

  @AfterAll
  void stopBridge() {
    bridge.stop(0);
  }

  @Test
  void eachBroadcastCarriesTheIntegrationSecret() {
    Api api = new Api(server.getURI());
    String token = api.devToken("u-" + UUID.randomUUID(), "secret@example.com");
    String post = api.createPost(token, "bridged with a secret");
    api.comment(post, token, "via the bridge");

    await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
    assertEquals(new Call("/prod/broadcast/comments", SECRET), calls.get(0));
  }

  private HttpServer startBridge() {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.add(
                new Call(
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("X-Integration-Secret")));
            byte[] answer = "{\"connectionCount\":0}".getBytes();
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
