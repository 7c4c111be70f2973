package io.livecomments.application.port.out;

/**
 * Tells connected clients about comment changes. Called after the change is stored; must return
 * quickly and deliver in the background, because a REST request never waits for a push.
 */
@FunctionalInterface
public interface CommentEventPublisher {

  void publish(CommentEvent event);

  /** Tells nobody: for {@code livecomments.broadcast=none}. */
  static CommentEventPublisher none() {
    return event -> {};
  }
}
