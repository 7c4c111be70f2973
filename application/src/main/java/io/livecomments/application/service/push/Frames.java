package io.livecomments.application.service.push;

import io.livecomments.application.port.in.ListCommentsUseCase.CommentPage;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.push.Envelope;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.domain.Comment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns messages into the text frames clients receive: a fresh event id and timestamp each, and
 * never more than {@link #MAX_FRAME_BYTES}, API Gateway's limit for one message.
 */
public final class Frames {

  /** 128 KiB. */
  public static final int MAX_FRAME_BYTES = 128 * 1024;

  private final MessageEncoder encoder;
  private final IdGenerator ids;
  private final Clock clock;
  private final int maxFrameBytes;

  public Frames(MessageEncoder encoder, IdGenerator ids, Clock clock) {
    this(encoder, ids, clock, MAX_FRAME_BYTES);
  }

  Frames(MessageEncoder encoder, IdGenerator ids, Clock clock, int maxFrameBytes) {
    this.encoder = encoder;
    this.ids = ids;
    this.clock = clock;
    this.maxFrameBytes = maxFrameBytes;
  }

  public String frame(OutboundMessage message) {
    return encoder.encode(new Envelope(ids.newId(), clock.instant(), message));
  }

  /**
   * A page as one {@code comments.list} frame, or as several numbered parts when one would be too
   * large. Parts keep the page's order; each carries the page's paging fields.
   */
  public List<String> commentsList(CommentPage page) {
    String whole = listFrame(page, page.comments(), 1, 1);
    if (fits(whole)) {
      return List.of(whole);
    }
    List<List<Comment>> parts = new ArrayList<>();
    List<Comment> current = new ArrayList<>();
    for (Comment comment : page.comments()) {
      current.add(comment);
      // The real part numbers are not known yet; the largest plausible ones stand in for them.
      if (current.size() > 1 && !fits(listFrame(page, current, 999, 999))) {
        current.remove(current.size() - 1);
        parts.add(current);
        current = new ArrayList<>(List.of(comment));
      }
    }
    parts.add(current);
    List<String> frames = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      frames.add(listFrame(page, parts.get(i), i + 1, parts.size()));
    }
    return frames;
  }

  private String listFrame(CommentPage page, List<Comment> comments, int part, int parts) {
    return frame(
        new OutboundMessage.CommentsList(
            page.postId(),
            comments,
            page.nextAfterSeq(),
            page.nextBeforeSeq(),
            page.headRev(),
            part,
            parts));
  }

  private boolean fits(String frame) {
    // UTF-8 needs at most 3 bytes per UTF-16 unit; only measure exactly when it might matter.
    return frame.length() * 3 <= maxFrameBytes
        || frame.getBytes(StandardCharsets.UTF_8).length <= maxFrameBytes;
  }
}
