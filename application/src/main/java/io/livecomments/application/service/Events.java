package io.livecomments.application.service;

import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;

/** Hands events to the publisher without ever letting a push failure fail the stored change. */
final class Events {

  private static final System.Logger LOG = System.getLogger(Events.class.getName());

  private final CommentEventPublisher publisher;

  Events(CommentEventPublisher publisher) {
    this.publisher = publisher;
  }

  void publish(CommentEvent event) {
    try {
      publisher.publish(event);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Could not publish %s for comment %s; clients catch up with afterRev"
              .formatted(event.getClass().getSimpleName(), event.comment().id().value()),
          e);
    }
  }
}
