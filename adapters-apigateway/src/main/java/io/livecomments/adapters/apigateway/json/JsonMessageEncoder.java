package io.livecomments.adapters.apigateway.json;

import io.livecomments.application.port.out.push.Envelope;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.domain.PostId;
import io.livecomments.wire.CommentJson;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes pushed messages as the JSON text frames of CONTRACT section 5, with comments shaped as the
 * REST API shows them. It sits with the delivery adapters because a frame is encoded once, on its
 * way to the gateway; bootstrap hands it the application's {@link JsonMapper}.
 */
public final class JsonMessageEncoder implements MessageEncoder {

  private final JsonMapper json;

  public JsonMessageEncoder(JsonMapper json) {
    this.json = json;
  }

  @Override
  public String encode(Envelope envelope) {
    WireMessages.Envelope wire =
        new WireMessages.Envelope(
            envelope.message().type(),
            envelope.eventId().toString(),
            data(envelope.message()),
            envelope.timestamp().toString());
    try {
      return new String(json.writeValueAsBytes(wire), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not encode a " + wire.type() + " message", e);
    }
  }

  private static Object data(OutboundMessage message) {
    if (message instanceof OutboundMessage.CommentCreated created) {
      return new WireMessages.CommentCreated(
          created.comment().postId().value(),
          created.comment().rev(),
          CommentJson.fromDomainModel(created.comment()));
    }
    if (message instanceof OutboundMessage.CommentUpdated updated) {
      return new WireMessages.CommentUpdated(
          updated.postId().value(),
          updated.rev(),
          updated.commentId().value(),
          updated.action(),
          updated.comment().map(CommentJson::fromDomainModel).orElse(null));
    }
    if (message instanceof OutboundMessage.CommentsList list) {
      return new WireMessages.CommentsList(
          list.postId().value(),
          list.comments().stream().map(CommentJson::fromDomainModel).toList(),
          list.comments().size(),
          WireMessages.orNull(list.nextAfterSeq()),
          WireMessages.orNull(list.nextBeforeSeq()),
          list.headRev(),
          list.part(),
          list.parts());
    }
    if (message instanceof OutboundMessage.TestBroadcast test) {
      return new WireMessages.Text(test.message());
    }
    if (message instanceof OutboundMessage.ErrorReply error) {
      return new WireMessages.Text(error.message());
    }
    if (message instanceof OutboundMessage.ConnectionInfo info) {
      return new WireMessages.ConnectionInfo(
          info.connectionId().value(), info.subscriptions().stream().map(PostId::value).toList());
    }
    return new WireMessages.Empty();
  }
}
