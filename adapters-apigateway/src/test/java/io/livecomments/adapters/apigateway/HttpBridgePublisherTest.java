package io.livecomments.adapters.apigateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livecomments.adapters.apigateway.RecordingServer.Answer;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HttpBridgePublisherTest {

  @Test
  void postsEachBroadcastOnceToTheStagesBridgePath() throws Exception {
    try (RecordingServer bridge = new RecordingServer()) {
      HttpBridgePublisher publisher = new HttpBridgePublisher(bridge.uri("/"), "development");
      publisher.broadcast(
          Optional.of(PostId.of(UUID.randomUUID())),
          "comment.created",
          "{\"type\":\"comment.created\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.sentCount() == 1);
      assertEquals(1, bridge.requests.size());
      assertEquals("/development/broadcast/comments", bridge.requests.get(0).rawPath());
      assertEquals("POST", bridge.requests.get(0).method());
      assertEquals("{\"type\":\"comment.created\"}", bridge.requests.get(0).body());
      assertNull(
          bridge.requests.get(0).header("X-Integration-Secret"), "no secret configured, none sent");
    }
  }

  @Test
  void sendsTheIntegrationSecretWhenOneIsConfigured() throws Exception {
    try (RecordingServer bridge = new RecordingServer()) {
      HttpBridgePublisher publisher =
          new HttpBridgePublisher(bridge.uri("/"), "prod", Optional.of("s3cr3t-value"));
      publisher.broadcast(Optional.empty(), "test", "{\"type\":\"test\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.sentCount() == 1);
      assertEquals("s3cr3t-value", bridge.requests.get(0).header("X-Integration-Secret"));
      assertEquals("/prod/broadcast/comments", bridge.requests.get(0).rawPath());
    }
  }

  @Test
  void aBlankSecretIsNoSecret() throws Exception {
    try (RecordingServer bridge = new RecordingServer()) {
      HttpBridgePublisher publisher =
          new HttpBridgePublisher(bridge.uri("/"), "prod", Optional.of(" "));
      publisher.broadcast(Optional.empty(), "test", "{}");
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.sentCount() == 1);
      assertNull(bridge.requests.get(0).header("X-Integration-Secret"));
    }
  }

  @Test
  void aFailingOrAbsentBridgeIsCountedNeverThrown() throws Exception {
    try (RecordingServer bridge = new RecordingServer()) {
      bridge.answer = r -> Answer.of(500);
      HttpBridgePublisher publisher = new HttpBridgePublisher(bridge.uri(""), "prod");
      publisher.broadcast(Optional.empty(), "test", "{}");
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.failedCount() == 1);

      bridge.close();
      publisher.broadcast(Optional.empty(), "test", "{}");
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.failedCount() == 2);
      assertEquals(0, publisher.sentCount());
    }
  }
}
