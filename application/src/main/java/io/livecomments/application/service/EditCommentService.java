package io.livecomments.application.service;

import io.livecomments.application.port.in.EditCommentUseCase;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentNotFoundException;
import java.time.Clock;

public final class EditCommentService implements EditCommentUseCase {

  private final Posts posts;
  private final CommentStore comments;
  private final Events events;
  private final Clock clock;

  public EditCommentService(
      PostStore posts, CommentStore comments, CommentEventPublisher publisher, Clock clock) {
    this.posts = new Posts(posts);
    this.comments = comments;
    this.events = new Events(publisher);
    this.clock = clock;
  }

  @Override
  public Comment editComment(EditCommentCommand command) {
    posts.require(command.postId(), command.access());
    Comment current =
        comments
            .findById(command.postId(), command.commentId())
            .orElseThrow(() -> new CommentNotFoundException(command.postId(), command.commentId()));
    if (!current.isAuthoredBy(command.editor())) {
      throw new AccessDeniedException("Only the comment's author may edit it");
    }
    Comment edited = current.withContent(command.content(), clock.instant());
    comments.update(edited);
    events.publish(new CommentEvent.Edited(edited));
    return edited;
  }
}
