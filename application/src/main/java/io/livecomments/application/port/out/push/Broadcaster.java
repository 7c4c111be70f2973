package io.livecomments.application.port.out.push;

import io.livecomments.domain.PostId;
import java.util.Optional;

/**
 * Sends one message to many connections: everyone, or the audience of one post. Returns at once;
 * delivery happens in the background and failures never reach the caller.
 */
public interface Broadcaster {

  /**
   * @param topic the post the message is about (its subscribers and unsubscribed connections hear
   *     it), or empty for every connection
   * @param type the message's type ({@code comment.created}), for the logs
   */
  void broadcast(Optional<PostId> topic, String type, String frame);

  /**
   * Like {@link #broadcast(Optional, String, String)}, and runs {@code settled} once the last push
   * of this broadcast has settled, which is what the fan-out time measures. A broadcaster that
   * hands the fan-out to someone else (the HTTP bridge) cannot know when that is, and never runs
   * it.
   */
  default void broadcast(Optional<PostId> topic, String type, String frame, Runnable settled) {
    broadcast(topic, type, frame);
  }
}
