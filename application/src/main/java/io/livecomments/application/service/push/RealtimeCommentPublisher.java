package io.livecomments.application.service.push;

import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.domain.Comment;
import java.util.Optional;

/**
 * Tells the post's audience about each comment change: {@code comment.created} / {@code .updated}.
 */
public final class RealtimeCommentPublisher implements CommentEventPublisher {

  private final Frames frames;
  private final Broadcaster broadcaster;
  private final PushMetrics metrics;

  public RealtimeCommentPublisher(Frames frames, Broadcaster broadcaster) {
    this(frames, broadcaster, PushMetrics.none());
  }

  /**
   * @param metrics times each event from here, right after its change was stored, until the last
   *     push of its fan-out has settled
   */
  public RealtimeCommentPublisher(Frames frames, Broadcaster broadcaster, PushMetrics metrics) {
    this.frames = frames;
    this.broadcaster = broadcaster;
    this.metrics = metrics;
  }

  @Override
  public void publish(CommentEvent event) {
    Runnable fanOutSettled = metrics.fanOutStarted();
    Comment comment = event.comment();
    OutboundMessage message;
    if (event instanceof CommentEvent.Created) {
      message = new OutboundMessage.CommentCreated(comment);
    } else if (event instanceof CommentEvent.Edited) {
      message =
          new OutboundMessage.CommentUpdated(
              comment.postId(),
              event.rev(),
              comment.id(),
              OutboundMessage.CommentUpdated.UPDATED,
              Optional.of(comment));
    } else {
      message =
          new OutboundMessage.CommentUpdated(
              comment.postId(),
              event.rev(),
              comment.id(),
              OutboundMessage.CommentUpdated.DELETED,
              Optional.empty());
    }
    broadcaster.broadcast(
        Optional.of(comment.postId()), message.type(), frames.frame(message), fanOutSettled);
  }
}
