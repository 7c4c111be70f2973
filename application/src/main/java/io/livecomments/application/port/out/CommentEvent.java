package io.livecomments.application.port.out;

import io.livecomments.domain.Comment;

/** Something that happened to a comment, which connected clients should hear about. */
public sealed interface CommentEvent {

  Comment comment();

  /** The post's change number of this event's change (CONTRACT section 8). */
  long rev();

  record Created(Comment comment) implements CommentEvent {
    @Override
    public long rev() {
      return comment.rev();
    }
  }

  record Edited(Comment comment) implements CommentEvent {
    @Override
    public long rev() {
      return comment.rev();
    }
  }

  /**
   * Carries the comment as it was just before it was deleted, and the rev of the deletion, which is
   * greater than the comment's own.
   */
  record Deleted(Comment comment, long rev) implements CommentEvent {}
}
