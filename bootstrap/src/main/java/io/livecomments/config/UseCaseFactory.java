package io.livecomments.config;

import io.livecomments.application.port.in.CreatePostUseCase;
import io.livecomments.application.port.in.DeleteCommentUseCase;
import io.livecomments.application.port.in.EditCommentUseCase;
import io.livecomments.application.port.in.GetCommentUseCase;
import io.livecomments.application.port.in.GetPostUseCase;
import io.livecomments.application.port.in.ListCommentsUseCase;
import io.livecomments.application.port.in.PostCommentUseCase;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.service.CreatePostService;
import io.livecomments.application.service.DeleteCommentService;
import io.livecomments.application.service.EditCommentService;
import io.livecomments.application.service.GetCommentService;
import io.livecomments.application.service.GetPostService;
import io.livecomments.application.service.ListCommentsService;
import io.livecomments.application.service.PostCommentService;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the framework-free use cases to whichever adapters the configuration chose. */
@Factory
public class UseCaseFactory {

  /** Milliseconds are what clients and stores keep; finer ticks would only round-trip badly. */
  @Singleton
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }

  @Singleton
  IdGenerator idGenerator() {
    return IdGenerator.random();
  }

  @Singleton
  CreatePostUseCase createPost(PostStore posts, IdGenerator ids, Clock clock) {
    return new CreatePostService(posts, ids, clock);
  }

  @Singleton
  GetPostUseCase getPost(PostStore posts) {
    return new GetPostService(posts);
  }

  @Singleton
  PostCommentUseCase postComment(
      PostStore posts,
      CommentStore comments,
      IdempotencyStore idempotency,
      RateLimiter rateLimiter,
      CommentEventPublisher publisher,
      IdGenerator ids,
      Clock clock) {
    return new PostCommentService(posts, comments, idempotency, rateLimiter, publisher, ids, clock);
  }

  @Singleton
  ListCommentsUseCase listComments(PostStore posts, CommentStore comments) {
    return new ListCommentsService(posts, comments);
  }

  @Singleton
  GetCommentUseCase getComment(PostStore posts, CommentStore comments) {
    return new GetCommentService(posts, comments);
  }

  @Singleton
  EditCommentUseCase editComment(
      PostStore posts, CommentStore comments, CommentEventPublisher publisher, Clock clock) {
    return new EditCommentService(posts, comments, publisher, clock);
  }

  @Singleton
  DeleteCommentUseCase deleteComment(
      PostStore posts, CommentStore comments, CommentEventPublisher publisher) {
    return new DeleteCommentService(posts, comments, publisher);
  }
}
