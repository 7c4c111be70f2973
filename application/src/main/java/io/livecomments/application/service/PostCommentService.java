package io.livecomments.application.service;

import io.livecomments.application.port.in.IdempotencyConflictException;
import io.livecomments.application.port.in.PostCommentUseCase;
import io.livecomments.application.port.in.RateLimitExceededException;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.IdempotencyRecord;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

public final class PostCommentService implements PostCommentUseCase {

  /** How long a key keeps returning the comment it created. */
  public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

  private final Posts posts;
  private final CommentStore comments;
  private final IdempotencyStore idempotency;
  private final RateLimiter rateLimiter;
  private final Events events;
  private final IdGenerator ids;
  private final Clock clock;
  private final ActivityMetrics metrics;
  private final PostChangeLocks turns;

  public PostCommentService(
      PostStore posts,
      CommentStore comments,
      IdempotencyStore idempotency,
      RateLimiter rateLimiter,
      CommentEventPublisher publisher,
      IdGenerator ids,
      Clock clock) {
    this(
        posts,
        comments,
        idempotency,
        rateLimiter,
        publisher,
        ids,
        clock,
        ActivityMetrics.none(),
        new PostChangeLocks());
  }

  /**
   * @param metrics counts the comments created and the writes refused by the rate limit
   * @param turns shared with the other services that change comments, so that a post's events are
   *     published in rev order
   */
  public PostCommentService(
      PostStore posts,
      CommentStore comments,
      IdempotencyStore idempotency,
      RateLimiter rateLimiter,
      CommentEventPublisher publisher,
      IdGenerator ids,
      Clock clock,
      ActivityMetrics metrics,
      PostChangeLocks turns) {
    this.posts = new Posts(posts);
    this.comments = comments;
    this.idempotency = idempotency;
    this.rateLimiter = rateLimiter;
    this.events = new Events(publisher);
    this.ids = ids;
    this.clock = clock;
    this.metrics = metrics;
    this.turns = turns;
  }

  @Override
  public PostedComment postComment(PostCommentCommand command) {
    posts.require(command.postId(), command.access());
    Instant now = clock.instant();
    Optional<IdempotencyKey> key = command.idempotencyKey();
    if (key.isPresent()) {
      Optional<IdempotencyRecord> earlier = idempotency.find(command.author().id(), key.get(), now);
      if (earlier.isPresent()) {
        return replay(earlier.get());
      }
    }
    if (rateLimiter.tryAcquire(command.author().id()) instanceof RateLimiter.Permit.Denied denied) {
      metrics.rateLimited();
      throw new RateLimitExceededException(denied.retryAfter());
    }
    CommentId commentId = CommentId.of(ids.newId());
    if (key.isEmpty()) {
      return new PostedComment(create(command, commentId, now), false);
    }
    IdempotencyRecord claim =
        new IdempotencyRecord(
            command.author().id(),
            key.get(),
            command.postId(),
            commentId,
            now.plus(IDEMPOTENCY_WINDOW));
    Optional<IdempotencyRecord> winner = idempotency.claim(claim, now);
    if (winner.isPresent()) {
      return replay(winner.get());
    }
    try {
      return new PostedComment(create(command, commentId, now), false);
    } catch (RuntimeException e) {
      try {
        idempotency.release(claim);
      } catch (RuntimeException releaseFailed) {
        // The write's failure is the one to report; the key then stays claimed until it expires.
        e.addSuppressed(releaseFailed);
      }
      throw e;
    }
  }

  private Comment create(PostCommentCommand command, CommentId commentId, Instant now) {
    PostId postId = command.postId();
    return turns.inTurn(
        postId,
        () -> {
          Comment comment =
              comments.append(
                  postId,
                  (seq, rev) ->
                      new Comment(
                          commentId,
                          postId,
                          seq,
                          rev,
                          command.content(),
                          command.author(),
                          now,
                          now));
          metrics.commentCreated();
          metrics.changed(ActivityMetrics.Change.CREATED);
          events.publish(new CommentEvent.Created(comment));
          return comment;
        });
  }

  private PostedComment replay(IdempotencyRecord record) {
    return comments
        .findById(record.postId(), record.commentId())
        .map(comment -> new PostedComment(comment, true))
        .orElseThrow(() -> new IdempotencyConflictException(record.key()));
  }
}
