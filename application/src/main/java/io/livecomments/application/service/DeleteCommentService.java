package io.livecomments.application.service;

import io.livecomments.application.port.in.DeleteCommentUseCase;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.Deletion;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentNotFoundException;

public final class DeleteCommentService implements DeleteCommentUseCase {

  private final Posts posts;
  private final CommentStore comments;
  private final Events events;
  private final ActivityMetrics metrics;
  private final PostChangeLocks turns;

  public DeleteCommentService(
      PostStore posts, CommentStore comments, CommentEventPublisher publisher) {
    this(posts, comments, publisher, ActivityMetrics.none(), new PostChangeLocks());
  }

  /**
   * @param metrics counts the deletions
   * @param turns shared with the other services that change comments, so that a post's events are
   *     published in rev order
   */
  public DeleteCommentService(
      PostStore posts,
      CommentStore comments,
      CommentEventPublisher publisher,
      ActivityMetrics metrics,
      PostChangeLocks turns) {
    this.posts = new Posts(posts);
    this.comments = comments;
    this.events = new Events(publisher);
    this.metrics = metrics;
    this.turns = turns;
  }

  @Override
  public void deleteComment(DeleteCommentCommand command) {
    posts.require(command.postId(), command.access());
    CommentNotFoundException notFound =
        new CommentNotFoundException(command.postId(), command.commentId());
    Comment current =
        comments.findById(command.postId(), command.commentId()).orElseThrow(() -> notFound);
    if (!current.isAuthoredBy(command.deleter())) {
      throw new AccessDeniedException("Only the comment's author may delete it");
    }
    turns.inTurn(
        command.postId(),
        () -> {
          Deletion deleted =
              comments.remove(command.postId(), command.commentId()).orElseThrow(() -> notFound);
          metrics.changed(ActivityMetrics.Change.DELETED);
          events.publish(new CommentEvent.Deleted(deleted.comment(), deleted.rev()));
          return deleted;
        });
  }
}
