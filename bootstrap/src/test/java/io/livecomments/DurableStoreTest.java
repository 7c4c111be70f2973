package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The embedded default keeps what it was given across restarts of the service: posts, comments, and
 * the WebSocket connections API Gateway holds open meanwhile. Pushes go to a recording Management
 * API, which (unlike the local gateway) outlives the service as API Gateway does.
 */
class DurableStoreTest {

  @TempDir Path dataDir;

  private EmbeddedServer start(RecordingGateway gateway) {
    return ApplicationContext.run(
        EmbeddedServer.class,
        Map.of(
            "livecomments.store", "embedded",
            "livecomments.data-dir", dataDir.toString(),
            "livecomments.apigateway.endpoint", gateway.endpoint().toString()));
  }

  @Test
  void postsCommentsAndConnectionsSurviveARestartAndExpiredConnectionsAreNeverPushedTo()
      throws Exception {
    String connection = "kept-" + UUID.randomUUID().toString().substring(0, 8) + "=";
    String expired = "stale-" + UUID.randomUUID().toString().substring(0, 8) + "=";
    String postId;
    String commentId;
    try (RecordingGateway gateway = new RecordingGateway()) {
      try (EmbeddedServer first = start(gateway)) {
        Api api = new Api(first.getURI());
        String token = api.devToken("alice", null);
        postId = api.createPost(token, "survives restarts");
        commentId = api.comment(postId, token, "before the restart").string("id");
        Reply connected =
            api.post(
                "/api/v1/websocket/connect",
                null,
                "{\"requestContext\":{\"connectionId\":\""
                    + connection
                    + "\"},\"queryStringParameters\":{\"postId\":\""
                    + postId
                    + "\"}}");
        assertEquals(200, connected.status(), connected.text());
      }
      assertTrue(Files.exists(dataDir.resolve("shared-local-instance.db")));

      try (EmbeddedServer second = start(gateway)) {
        Api api = new Api(second.getURI());
        Reply post = api.get("/api/v1/posts/" + postId);
        assertEquals(200, post.status(), post.text());
        assertEquals("survives restarts", post.string("title"));
        Reply page = api.get("/api/v1/posts/" + postId + "/comments");
        assertEquals(
            List.of(commentId), page.list("comments").stream().map(c -> c.get("id")).toList());

        // A connection whose $disconnect never came, 25 hours old: DynamoDB has not deleted it yet.
        long past = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        URI endpoint = second.getApplicationContext().getBean(EmbeddedDynamoDb.class).endpoint();
        try (DynamoDbClient client = EmbeddedDynamoDb.localClient(endpoint)) {
          client.putItem(
              r -> r.tableName("livecomments-connections").item(connectionItem(expired, past)));
          client.putItem(
              r ->
                  r.tableName("livecomments-connections")
                      .item(audienceItem(expired, postId, past)));
        }

        String token = api.devToken("bob", null);
        Reply created = api.comment(postId, token, "after the restart");
        assertEquals(201, created.status(), created.text());
        assertEquals(2L, ((Number) created.json().get("seq")).longValue());

        WsClient.eventually().until(() -> !gateway.pushesTo(connection).isEmpty());
        List<RecordingGateway.Push> pushes = gateway.pushesTo(connection);
        assertEquals(1, pushes.size(), gateway.pushes().toString());
        assertTrue(pushes.get(0).body().contains("\"comment.created\""), pushes.get(0).body());
        assertTrue(pushes.get(0).body().contains("after the restart"), pushes.get(0).body());
        // A fan-out pushes to the post's audience as the registry gives it.
        ConnectionRegistry registry =
            second.getApplicationContext().getBean(ConnectionRegistry.class);
        assertEquals(
            List.of(new ConnectionId(connection)),
            Recipient.ids(registry.audienceOf(new PostId(postId))));
        // A push that should never come has no event to wait for: watch for one a while.
        WsClient.eventually()
            .during(Duration.ofMillis(300))
            .until(() -> gateway.pushesTo(expired).isEmpty());
        assertEquals(
            1,
            ((Number) api.get("/api/v1/websocket/connections").json().get("connectionCount"))
                .intValue());
      }
    }
  }

  private static Map<String, AttributeValue> connectionItem(String id, long expiresAt) {
    return Map.of(
        "connectionId", AttributeValue.fromS(id),
        "sk", AttributeValue.fromS("connection"),
        "connectedAt", AttributeValue.fromS(Instant.now().minus(Duration.ofHours(25)).toString()),
        "expiresAt", AttributeValue.fromN(Long.toString(expiresAt)));
  }

  private static Map<String, AttributeValue> audienceItem(
      String id, String postId, long expiresAt) {
    return Map.of(
        "connectionId", AttributeValue.fromS(id),
        "sk", AttributeValue.fromS("audience#" + postId),
        "audience", AttributeValue.fromS(postId),
        "expiresAt", AttributeValue.fromN(Long.toString(expiresAt)));
  }
}
