package io.livecomments.application.service;

import io.livecomments.application.port.in.EditCommentUseCase;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentNotFoundException;
import java.time.Clock;

public final class EditCommentService implements EditCommentUseCase {

  private final Posts posts;
  private final CommentStore comments;
  private final Events events;
  private final Clock clock;
  private final ActivityMetrics metrics;
  private final PostChangeLocks turns;

  public EditCommentService(
      PostStore posts, CommentStore comments, CommentEventPublisher publisher, Clock clock) {
    this(posts, comments, publisher, clock, ActivityMetrics.none(), new PostChangeLocks());
  }

  /**
   * @param metrics counts the edits
   * @param turns shared with the other services that change comments, so that a post's events are
   *     published in rev order
   */
  public EditCommentService(
      PostStore posts,
      CommentStore comments,
      CommentEventPublisher publisher,
      Clock clock,
      ActivityMetrics metrics,
      PostChangeLocks turns) {
    this.posts = new Posts(posts);
    this.comments = comments;
    this.events = new Events(publisher);
    this.clock = clock;
    this.metrics = metrics;
    this.turns = turns;
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
    return turns.inTurn(
        command.postId(),
        () -> {
          Comment edited = comments.update(current.withContent(command.content(), clock.instant()));
          metrics.changed(ActivityMetrics.Change.UPDATED);
          events.publish(new CommentEvent.Edited(edited));
          return edited;
        });
  }
}
