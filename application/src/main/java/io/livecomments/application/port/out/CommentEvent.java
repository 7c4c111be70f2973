package io.livecomments.application.port.out;

import io.livecomments.domain.Comment;

/** Something that happened to a comment, which connected clients should hear about. */
public sealed interface CommentEvent {

  Comment comment();

  record Created(Comment comment) implements CommentEvent {}

  record Edited(Comment comment) implements CommentEvent {}

  /** Carries the comment as it was just before it was deleted. */
  record Deleted(Comment comment) implements CommentEvent {}
}
