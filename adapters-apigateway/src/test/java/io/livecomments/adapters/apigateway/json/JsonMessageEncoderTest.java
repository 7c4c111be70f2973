package io.livecomments.adapters.apigateway.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.application.port.out.push.Envelope;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import io.micronaut.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The frames exactly as clients receive them (CONTRACT section 5), byte for byte, with a plain
 * {@link JsonMapper}: the shapes, including their explicit nulls, must not depend on how the
 * application configures its serializer.
 */
class JsonMessageEncoderTest {

  private static final UUID EVENT = UUID.fromString("8f4e2a8c-1b8e-4a36-9d1c-5f0b7c3e2d10");
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final PostId POST = new PostId("5b0d7c1e-3f4a-4c2b-9a8d-7e6f5a4b3c2d");
  private static final Comment COMMENT =
      new Comment(
          new CommentId("0c9b8a7f-6e5d-4c3b-2a19-087f6e5d4c3b"),
          POST,
          7,
          12,
          new CommentContent("Hi \"there\" <b>\n"),
          new Author(new UserId("alice"), "alice@example.com"),
          Instant.parse("2026-01-02T03:04:05.123Z"),
          Instant.parse("2026-01-02T03:04:06Z"));
  private static final String COMMENT_JSON =
      "{\"id\":\"0c9b8a7f-6e5d-4c3b-2a19-087f6e5d4c3b\","
          + "\"postId\":\"5b0d7c1e-3f4a-4c2b-9a8d-7e6f5a4b3c2d\",\"seq\":7,\"rev\":12,"
          + "\"content\":\"Hi \\\"there\\\" <b>\\n\",\"userId\":\"alice\","
          + "\"username\":\"alice@example.com\",\"createdAt\":\"2026-01-02T03:04:05.123Z\","
          + "\"updatedAt\":\"2026-01-02T03:04:06Z\"}";

  private final JsonMessageEncoder encoder = new JsonMessageEncoder(JsonMapper.createDefault());

  private String encode(OutboundMessage message) {
    return encoder.encode(new Envelope(EVENT, NOW, message));
  }

  private static String frame(String type, String data) {
    return "{\"type\":\""
        + type
        + "\",\"eventId\":\""
        + EVENT
        + "\",\"data\":"
        + data
        + ",\"timestamp\":\"2026-01-02T03:04:05.678Z\"}";
  }

  @Test
  void aCreatedCommentTravelsInTheEnvelopeWithTheRestShapeOfTheComment() {
    assertEquals(
        frame(
            "comment.created",
            "{\"postId\":\"5b0d7c1e-3f4a-4c2b-9a8d-7e6f5a4b3c2d\",\"rev\":12,\"comment\":"
                + COMMENT_JSON
                + "}"),
        encode(new OutboundMessage.CommentCreated(COMMENT)));
  }

  @Test
  void anEditCarriesTheCommentAndADeletionAnExplicitNullEachWithItsRev() {
    String prefix =
        "{\"postId\":\"5b0d7c1e-3f4a-4c2b-9a8d-7e6f5a4b3c2d\",\"rev\":%d,"
            + "\"commentId\":\"0c9b8a7f-6e5d-4c3b-2a19-087f6e5d4c3b\",";
    assertEquals(
        frame(
            "comment.updated",
            prefix.formatted(12) + "\"action\":\"updated\",\"comment\":" + COMMENT_JSON + "}"),
        encode(
            new OutboundMessage.CommentUpdated(
                POST,
                12,
                COMMENT.id(),
                OutboundMessage.CommentUpdated.UPDATED,
                Optional.of(COMMENT))));
    assertEquals(
        frame("comment.updated", prefix.formatted(13) + "\"action\":\"deleted\",\"comment\":null}"),
        encode(
            new OutboundMessage.CommentUpdated(
                POST, 13, COMMENT.id(), OutboundMessage.CommentUpdated.DELETED, Optional.empty())));
  }

  @Test
  void aPagePartKeepsItsPagingFieldsWithNullForTheDirectionNotRead() {
    assertEquals(
        frame(
            "comments.list",
            "{\"postId\":\"5b0d7c1e-3f4a-4c2b-9a8d-7e6f5a4b3c2d\",\"comments\":["
                + COMMENT_JSON
                + "],\"count\":1,\"nextAfterSeq\":7,\"nextBeforeSeq\":null,\"headRev\":20,\"part\":2,\"parts\":3}"),
        encode(
            new OutboundMessage.CommentsList(
                POST, List.of(COMMENT), OptionalLong.of(7), OptionalLong.empty(), 20, 2, 3)));
  }

  @Test
  void repliesToOneConnectionHaveTheirSmallShapes() {
    assertEquals(
        frame(
            "connection.info",
            "{\"connectionId\":\"abc=\",\"subscriptions\":[\"5b0d7c1e-3f4a-4c2b-9a8d-7e6f5a4b3c2d\"]}"),
        encode(new OutboundMessage.ConnectionInfo(new ConnectionId("abc="), List.of(POST))));
    assertEquals(frame("pong", "{}"), encode(new OutboundMessage.Pong()));
    assertEquals(
        frame("error", "{\"message\":\"unknown action\"}"),
        encode(new OutboundMessage.ErrorReply("unknown action")));
    assertEquals(
        frame("test", "{\"message\":\"hello\"}"),
        encode(new OutboundMessage.TestBroadcast("hello")));
  }
}
