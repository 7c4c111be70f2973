package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.domain.ConnectionId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Batch frames (CONTRACT sections 4 and 5) on a started service: {@code batch=1} is taken in both
 * input styles, and every transport (the local gateway's Management API, the SDK messenger that
 * calls it, the HTTP bridge) carries a batch frame to a real WebSocket client byte for byte, since
 * clients unwrap exactly what the pusher concatenated.
 */
class BatchFramesTest {

  /** Non-ASCII on purpose: a transport that re-encoded text would show it here. */
  private static String batchFrame(String... labels) {
    List<String> messages = new ArrayList<>();
    for (String label : labels) {
      messages.add(
          "{\"type\":\"test\",\"eventId\":\""
              + UUID.randomUUID()
              + "\",\"data\":{\"message\":\""
              + label
              + " – grüße 🚀\"},\"timestamp\":\"2026-11-30T04:00:00Z\"}");
    }
    return "{\"type\":\"batch\",\"eventId\":\""
        + UUID.randomUUID()
        + "\",\"data\":{\"messages\":["
        + String.join(",", messages)
        + "]},\"timestamp\":\"2026-11-30T04:00:00.123Z\"}";
  }

  private static void awaitRaw(WsClient client, String frame) {
    WsClient.eventually().until(() -> client.raw.contains(frame));
  }

  @Test
  void theLocalGatewayAndTheSdkMessengerCarryABatchFrameUnchanged() throws Exception {
    try (EmbeddedServer server =
            ApplicationContext.run(EmbeddedServer.class, Map.of("livecomments.store", "memory"));
        WsClient client = WsClient.connect(server.getURI(), "batch=1")) {
      String id = client.connectionId();
      Api api = new Api(server.getURI());

      String direct = batchFrame("a", "b");
      Reply pushed =
          api.post("/@connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null, direct);
      assertEquals(204, pushed.status(), pushed.text());
      awaitRaw(client, direct);

      String viaSdk = batchFrame("c", "d", "e");
      ConnectionMessenger messenger =
          server.getApplicationContext().getBean(ConnectionMessenger.class);
      assertEquals(
          PushOutcome.DELIVERED,
          messenger
              .push(new ConnectionId(id), viaSdk)
              .toCompletableFuture()
              .get(15, TimeUnit.SECONDS));
      awaitRaw(client, viaSdk);
    }
  }

  @Test
  void aBurstToABatchingClientArrivesInOrderPartlyAsBatches() throws Exception {
    try (EmbeddedServer server =
            ApplicationContext.run(EmbeddedServer.class, Map.of("livecomments.store", "memory"));
        WsClient client = WsClient.connect(server.getURI(), "batch=1")) {
      String id = client.connectionId();
      ConnectionPusher pusher = server.getApplicationContext().getBean(ConnectionPusher.class);
      List<Recipient> one = List.of(new Recipient(new ConnectionId(id), true));
      List<CompletableFuture<ConnectionPusher.Report>> sent = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int n = 0; n < 20; n++) {
        expected.add("burst " + n);
        sent.add(
            pusher.pushToAll(
                one, "{\"type\":\"test\",\"data\":{\"message\":\"burst " + n + "\"}}"));
      }
      for (CompletableFuture<ConnectionPusher.Report> report : sent) {
        assertEquals(new ConnectionPusher.Report(1, 0, 0), report.get(15, TimeUnit.SECONDS));
      }

      WsClient.eventually()
          .until(
              () ->
                  client.received.stream()
                          .flatMap(BatchFramesTest::unwrapped)
                          .filter(m -> "test".equals(m.get("type")))
                          .count()
                      == 20);
      List<String> got =
          client.received.stream()
              .flatMap(BatchFramesTest::unwrapped)
              .filter(m -> "test".equals(m.get("type")))
              .map(m -> (String) WsClient.data(m).get("message"))
              .toList();
      assertEquals(expected, got);
      assertFalse(client.ofType("batch").isEmpty(), "what waited behind the first left batched");
    }
  }

  @SuppressWarnings("unchecked")
  private static java.util.stream.Stream<Map<String, Object>> unwrapped(Map<String, Object> frame) {
    return "batch".equals(frame.get("type"))
        ? ((List<Map<String, Object>>) WsClient.data(frame).get("messages")).stream()
        : java.util.stream.Stream.of(frame);
  }

  @Test
  void theHttpBridgeCarriesABatchFrameUnchanged() throws Exception {
    try (EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.of("livecomments.store", "memory", "livecomments.broadcast", "http-bridge"));
        WsClient client = WsClient.connect(server.getURI(), "batch=1")) {
      client.connectionId();
      String frame = batchFrame("f", "g");
      server
          .getApplicationContext()
          .getBean(Broadcaster.class)
          .broadcast(Optional.empty(), "batch", frame);
      awaitRaw(client, frame);
    }
  }

  @Test
  void batchIsReadInBothInputStylesAndABadValueIsRefused() {
    try (EmbeddedServer server =
        ApplicationContext.run(EmbeddedServer.class, Map.of("livecomments.store", "memory"))) {
      Api api = new Api(server.getURI());
      ConnectionRegistry registry =
          server.getApplicationContext().getBean(ConnectionRegistry.class);
      for (IntegrationStyle style : IntegrationStyle.values()) {
        Map<String, Boolean> cases = Map.of("1", true, "true", true, "0", false, "", false);
        for (Map.Entry<String, Boolean> c : cases.entrySet()) {
          String id = style + "-" + UUID.randomUUID().toString().substring(0, 8) + "=";
          Reply reply =
              style.send(
                  api,
                  "connect",
                  id,
                  c.getKey().isEmpty() ? Map.of() : Map.of("batch", c.getKey()),
                  null);
          assertEquals(200, reply.status(), reply.text());
          assertEquals(
              c.getValue(),
              registry.find(new ConnectionId(id)).orElseThrow().batch(),
              style + " batch=" + c.getKey());
        }
        String refused = style + "-bad=";
        style.send(api, "connect", refused, Map.of("batch", "yes"), null).assertProblem(400);
        assertTrue(registry.find(new ConnectionId(refused)).isEmpty());
      }
    }
  }
}
