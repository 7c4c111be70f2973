package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.domain.ConnectionId;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole real-time path on one machine: real WebSocket clients connect to the local gateway,
 * which calls the integration endpoints over HTTP; the service pushes through the production
 * Management API adapter (AWS SDK) back to the local gateway.
 */
@MicronautTest
@Property(name = "livecomments.rate-limit.comments-per-minute", value = "100000")
class RealtimeEndToEndTest {

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  private Api api;
  private String token;

  @BeforeEach
  void setUp() {
    api = new Api(server.getURI());
    token = api.devToken("writer-" + UUID.randomUUID(), "writer@example.com");
  }

  /** The local gateway's Management API on one connection: 200 while open, 410 once gone. */
  private int gatewayStatusOf(String connectionId) {
    return api.get("/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8))
        .status();
  }

  private boolean registered(String connectionId) {
    return registry.find(new ConnectionId(connectionId)).isPresent();
  }

  /**
   * Both ends have let go of this connection: the gateway reports it gone, the registry forgot it.
   */
  private void awaitDeregistered(String connectionId) {
    WsClient.eventually()
        // A store too busy to answer in time is asked again; only a wrong answer fails.
        .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .untilAsserted(
            () -> {
              assertEquals(410, gatewayStatusOf(connectionId), "the gateway still has it");
              assertFalse(registered(connectionId), "the registry still lists it");
            });
  }

  /**
   * Connects {@code n} clients, a few handshakes at a time: the fan-out to all of them is what is
   * tested, and a storm of simultaneous handshakes on a loaded machine only times them out.
   */
  private static List<WsClient> connectMany(java.net.URI server, int n, String query) {
    ExecutorService handshakes = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<WsClient>> pending = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        pending.add(
            CompletableFuture.supplyAsync(() -> WsClient.connect(server, query), handshakes));
      }
      return pending.stream().map(CompletableFuture::join).toList();
    } finally {
      handshakes.shutdown();
    }
  }

  @Test
  void hundredsOfClientsAllReceiveCommentCreatedInTheContractsEnvelope() {
    String post = api.createPost(token, "popular");
    List<WsClient> clients = connectMany(server.getURI(), 300, "");
    List<String> ids = new ArrayList<>();
    try {
      // Each client's connect has been registered once its own whoami is answered.
      clients.forEach(client -> ids.add(client.connectionId()));
      Reply created = api.comment(post, token, "Hello, everyone <3");
      assertEquals(201, created.status());

      Set<Object> eventIds = new HashSet<>();
      for (WsClient client : clients) {
        Map<String, Object> message =
            client.await("comment.created", m -> post.equals(WsClient.data(m).get("postId")));
        assertEquals(
            List.of("type", "eventId", "data", "timestamp"), List.copyOf(message.keySet()));
        UUID.fromString((String) message.get("eventId"));
        assertTrue(((String) message.get("timestamp")).endsWith("Z"));
        Instant.parse((String) message.get("timestamp"));
        Map<String, Object> data = WsClient.data(message);
        assertEquals(List.of("postId", "rev", "comment"), List.copyOf(data.keySet()));
        assertEquals(created.json(), data.get("comment"), "the comment exactly as REST shows it");
        String sameBytes = "\"comment\":" + created.text() + "}";
        assertTrue(
            client.raw.stream().anyMatch(frame -> frame.contains(sameBytes)),
            () -> "the pushed comment is not byte for byte the REST body " + created.text());
        eventIds.add(message.get("eventId"));
      }
      assertEquals(1, eventIds.size(), "one event, one id, for every client");
    } finally {
      clients.forEach(WsClient::close);
    }
    // Leaves no disconnects in flight behind it for the next test to compete with.
    ids.forEach(this::awaitDeregistered);
  }

  @Test
  void subscriptionsFilterWhichPostsAConnectionHearsAbout() {
    String watched = api.createPost(token, "watched");
    String other = api.createPost(token, "other");
    try (WsClient subscriber = WsClient.connect(server.getURI(), "postId=" + watched);
        WsClient elsewhere = WsClient.connect(server.getURI(), "postId=" + other);
        WsClient everything = WsClient.connect(server.getURI(), "");
        WsClient late = WsClient.connect(server.getURI(), "postId=" + other)) {
      late.send("{\"action\":\"subscribe\",\"postId\":\"" + watched + "\"}");
      late.await(
          "connection.info",
          m -> ((List<?>) WsClient.data(m).get("subscriptions")).contains(watched));
      for (WsClient c : List.of(subscriber, elsewhere, everything)) {
        c.connectionId();
      }

      String first = api.comment(watched, token, "on the watched post").string("id");
      String second = api.comment(other, token, "on the other post").string("id");

      subscriber.await("comment.created", m -> second(m).equals(first));
      everything.await("comment.created", m -> second(m).equals(first));
      everything.await("comment.created", m -> second(m).equals(second));
      late.await("comment.created", m -> second(m).equals(first));
      // Pushes of one post reach a client in order; the other post's comment came after.
      elsewhere.await("comment.created", m -> second(m).equals(second));
      assertTrue(
          elsewhere.ofType("comment.created").stream().noneMatch(m -> second(m).equals(first)));
      assertTrue(
          subscriber.ofType("comment.created").stream().noneMatch(m -> second(m).equals(second)),
          "the subscriber of one post heard about another");
    }
  }

  @SuppressWarnings("unchecked")
  private static String second(Map<String, Object> message) {
    return (String) ((Map<String, Object>) WsClient.data(message).get("comment")).get("id");
  }

  @Test
  void editsAndDeletionsArePushedAsCommentUpdated() {
    String post = api.createPost(token, "p");
    try (WsClient client = WsClient.connect(server.getURI(), "postId=" + post)) {
      client.connectionId();
      String id = api.comment(post, token, "draft").string("id");
      String path = "/api/v1/posts/" + post + "/comments/" + id;

      Reply edited = api.send("PATCH", path, token, "{\"content\":\"final\"}");
      assertEquals(200, edited.status(), edited.text());
      Map<String, Object> update =
          WsClient.data(
              client.await(
                  "comment.updated", m -> "updated".equals(WsClient.data(m).get("action"))));
      assertEquals(post, update.get("postId"));
      assertEquals(id, update.get("commentId"));
      assertEquals(edited.json(), update.get("comment"));

      assertEquals(204, api.send("DELETE", path, token, null).status());
      Map<String, Object> deletion =
          WsClient.data(
              client.await(
                  "comment.updated", m -> "deleted".equals(WsClient.data(m).get("action"))));
      assertEquals(id, deletion.get("commentId"));
      assertTrue(deletion.containsKey("comment"));
      assertNull(deletion.get("comment"));
    }
  }

  @Test
  void aPageRequestedForWebSocketDeliveryReachesOnlyTheRequester() {
    String post = api.createPost(token, "p");
    for (int i = 1; i <= 3; i++) {
      api.comment(post, token, "c" + i);
    }
    try (WsClient requester = WsClient.connect(server.getURI(), "postId=" + post);
        WsClient bystander = WsClient.connect(server.getURI(), "postId=" + post)) {
      String id = requester.connectionId();
      bystander.connectionId();

      Reply accepted =
          api.get(
              "/api/v1/posts/"
                  + post
                  + "/comments?delivery=websocket&limit=2&connectionId="
                  + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
      assertEquals(202, accepted.status(), accepted.text());
      assertEquals(
          Map.of("status", "success", "message", "Comments retrieved successfully", "count", 2),
          accepted.json());

      Map<String, Object> list = WsClient.data(requester.await("comments.list"));
      assertEquals(post, list.get("postId"));
      assertEquals(2, ((List<?>) list.get("comments")).size());
      assertEquals(2, ((Number) list.get("count")).intValue());
      assertEquals(2, ((Number) list.get("nextAfterSeq")).intValue());
      assertNull(list.get("nextBeforeSeq"));
      assertEquals(1, ((Number) list.get("part")).intValue());
      assertEquals(1, ((Number) list.get("parts")).intValue());

      Reply viaHeader =
          api.send(
              "GET",
              "/api/v1/posts/" + post + "/comments?delivery=websocket",
              null,
              null,
              "X-Connection-Id",
              id);
      assertEquals(202, viaHeader.status());
      assertEquals(3, ((Number) viaHeader.json().get("count")).intValue());

      bystander.send("{\"action\":\"ping\"}");
      bystander.await("pong");
      requester.await(
          "comments.list", m -> ((Number) WsClient.data(m).get("count")).intValue() == 3);
      assertTrue(bystander.ofType("comments.list").isEmpty(), "only the requester gets the page");
    }
  }

  @Test
  void aPageOver128KiBArrivesInNumberedPartsEachUnderTheLimit() {
    String post = api.createPost(token, "long thread");
    for (int i = 1; i <= 60; i++) {
      assertEquals(201, api.comment(post, token, i + " " + "€".repeat(1990)).status());
    }
    try (WsClient client = WsClient.connect(server.getURI(), "postId=" + post)) {
      String id = client.connectionId();
      Reply accepted =
          api.get(
              "/api/v1/posts/"
                  + post
                  + "/comments?delivery=websocket&limit=60&connectionId="
                  + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
      assertEquals(60, ((Number) accepted.json().get("count")).intValue());

      Map<String, Object> first = WsClient.data(client.await("comments.list"));
      int parts = ((Number) first.get("parts")).intValue();
      assertTrue(parts >= 3, "360 KB of comments in " + parts + " part(s)");
      List<Object> seqs = new ArrayList<>();
      for (int part = 1; part <= parts; part++) {
        int n = part;
        client.await("comments.list", m -> ((Number) WsClient.data(m).get("part")).intValue() == n);
      }
      for (int i = 0; i < client.raw.size(); i++) {
        Map<String, Object> message = client.received.get(i);
        if ("comments.list".equals(message.get("type"))) {
          assertTrue(client.raw.get(i).getBytes(StandardCharsets.UTF_8).length <= 128 * 1024);
          for (Object c : (List<?>) WsClient.data(message).get("comments")) {
            seqs.add(((Number) ((Map<?, ?>) c).get("seq")).longValue());
          }
        }
      }
      List<Object> expected = new ArrayList<>();
      for (long s = 1; s <= 60; s++) {
        expected.add(s);
      }
      assertEquals(expected, seqs, "all comments, once each, in order across the parts");
    }
  }

  @Test
  void whoamiPingAndGarbageGetRepliesAndNeverCloseTheConnection() {
    try (WsClient client = WsClient.connect(server.getURI(), "")) {
      String id = client.connectionId();
      Map<String, Object> info = WsClient.data(client.await("connection.info"));
      assertEquals(id, info.get("connectionId"));
      assertEquals(List.of(), info.get("subscriptions"));

      client.send("{\"action\":\"ping\"}");
      assertNotNull(client.await("pong"));

      for (String garbage :
          List.of(
              "not json",
              "{}",
              "[1,2]",
              "{\"action\":42}",
              "{\"action\":\"dance\"}",
              "{\"action\":\"subscribe\",\"postId\":\"nope\"}",
              "{\"action\":\"subscribe\",\"postId\":\"" + UUID.randomUUID() + "\"}",
              "\u0000")) {
        int before = client.ofType("error").size();
        client.send(garbage);
        client.await("error", m -> client.ofType("error").size() > before);
      }
      assertEquals(8, client.ofType("error").size());
      client
          .ofType("error")
          .forEach(m -> assertTrue(WsClient.data(m).get("message") instanceof String));

      // Up to API Gateway's 128 KiB a frame is the gateway's to carry, not the REST API's 64 KiB.
      int before = client.ofType("pong").size();
      client.send("{\"action\":\"ping\",\"pad\":\"" + "p".repeat(100_000) + "\"}");
      client.await("pong", m -> client.ofType("pong").size() > before);

      int pongs = client.ofType("pong").size();
      client.send("{\"action\":\"ping\"}");
      client.await("pong", m -> client.ofType("pong").size() > pongs);
      assertTrue(client.isOpen());
    }
  }

  @ParameterizedTest
  @EnumSource(IntegrationStyle.class)
  void aConnectionTheGatewayNoLongerKnowsLeavesTheRegistryAfterItsNextPush(IntegrationStyle style) {
    String post = api.createPost(token, "p");
    try (WsClient witness = WsClient.connect(server.getURI(), "postId=" + post)) {
      witness.connectionId();
      // A connection API Gateway once announced but has since lost (no $disconnect arrived).
      String ghost = "ghost+" + UUID.randomUUID().toString().substring(0, 8) + "=";
      Reply connected = style.connect(api, ghost, Map.of("postId", post));
      assertEquals(200, connected.status(), connected.text());
      assertTrue(registered(ghost));
      assertEquals(410, gatewayStatusOf(ghost), "the gateway never had it");

      api.comment(post, token, "knock knock");
      witness.await("comment.created");
      awaitDeregistered(ghost);
      assertTrue(registered(witness.connectionId()), "the live connection stays");
    }
  }

  @Test
  void aClientThatDropsWithoutACloseFrameIsDeregistered() {
    WsClient client = WsClient.connect(server.getURI(), "");
    String id = client.connectionId();
    assertTrue(registered(id));
    assertEquals(200, gatewayStatusOf(id));

    client.abort();

    awaitDeregistered(id);
  }

  @Test
  void aClientThatClosesIsDeregistered() {
    WsClient client = WsClient.connect(server.getURI(), "");
    String id = client.connectionId();
    assertTrue(registered(id));
    assertEquals(200, gatewayStatusOf(id));

    client.close();

    awaitDeregistered(id);
  }

  @ParameterizedTest
  @EnumSource(IntegrationStyle.class)
  void aConnectWithAnInvalidTokenIsRejected(IntegrationStyle style) {
    // An id of its own per style, so that one style's failure cannot leave the other a
    // registration.
    String id = style.name().toLowerCase(java.util.Locale.ROOT) + "abc=";
    Reply refused = style.connect(api, id, Map.of("token", "forged"));
    refused.assertProblem(401);
    assertTrue(
        refused.header("WWW-Authenticate").orElseThrow().contains("invalid_token"),
        refused.header("WWW-Authenticate").orElseThrow());
    assertFalse(registered(id));
    Reply ok = style.connect(api, id, Map.of("token", token, "extra", "ignored"));
    assertEquals(200, ok.status());
    assertEquals(
        Map.of("statusCode", 200, "body", "{\"message\":\"Connected successfully\"}"), ok.json());
    assertTrue(registered(id));
    Reply gone = style.disconnect(api, id);
    assertEquals(
        Map.of("statusCode", 200, "body", "{\"message\":\"Disconnected successfully\"}"),
        gone.json());
    assertFalse(registered(id));
    Reply again = style.disconnect(api, id);
    assertEquals(
        Map.of("statusCode", 200, "body", "{\"message\":\"Disconnected successfully\"}"),
        again.json(),
        "an unknown id is disconnected all the same");
  }

  @Test
  void aTestMessageReachesEveryConnection() {
    try (WsClient a = WsClient.connect(server.getURI(), "postId=" + UUID.randomUUID());
        WsClient b = WsClient.connect(server.getURI(), "")) {
      a.connectionId();
      b.connectionId();
      Reply sent = api.post("/api/v1/websocket/test", token, "{\"message\":\"hello all\"}");
      assertEquals(202, sent.status(), sent.text());
      assertTrue(((Number) sent.json().get("connectionCount")).intValue() >= 2);
      for (WsClient client : List.of(a, b)) {
        assertEquals("hello all", WsClient.data(client.await("test")).get("message"));
      }
      api.post("/api/v1/websocket/test", null, "{\"message\":\"x\"}").assertProblem(401);
    }
  }
}
