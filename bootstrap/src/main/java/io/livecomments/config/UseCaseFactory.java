package io.livecomments.config;

import io.livecomments.application.port.in.ConnectUseCase;
import io.livecomments.application.port.in.CountConnectionsUseCase;
import io.livecomments.application.port.in.CreatePostUseCase;
import io.livecomments.application.port.in.DeleteCommentUseCase;
import io.livecomments.application.port.in.DisconnectUseCase;
import io.livecomments.application.port.in.EditCommentUseCase;
import io.livecomments.application.port.in.GetCommentUseCase;
import io.livecomments.application.port.in.GetPostUseCase;
import io.livecomments.application.port.in.HandleClientMessageUseCase;
import io.livecomments.application.port.in.ListChangesUseCase;
import io.livecomments.application.port.in.ListCommentsUseCase;
import io.livecomments.application.port.in.PostCommentUseCase;
import io.livecomments.application.port.in.PushCommentPageUseCase;
import io.livecomments.application.port.in.SendTestMessageUseCase;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.service.ConnectService;
import io.livecomments.application.service.CountConnectionsService;
import io.livecomments.application.service.CreatePostService;
import io.livecomments.application.service.DeleteCommentService;
import io.livecomments.application.service.DisconnectService;
import io.livecomments.application.service.EditCommentService;
import io.livecomments.application.service.GetCommentService;
import io.livecomments.application.service.GetPostService;
import io.livecomments.application.service.HandleClientMessageService;
import io.livecomments.application.service.ListChangesService;
import io.livecomments.application.service.ListCommentsService;
import io.livecomments.application.service.PostChangeLocks;
import io.livecomments.application.service.PostCommentService;
import io.livecomments.application.service.PushCommentPageService;
import io.livecomments.application.service.SendTestMessageService;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.Frames;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

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

  /**
   * One for the three services that change comments, so that each post's events go out in order.
   */
  @Singleton
  PostChangeLocks postChangeLocks() {
    return new PostChangeLocks();
  }

  @Singleton
  PostCommentUseCase postComment(
      PostStore posts,
      CommentStore comments,
      IdempotencyStore idempotency,
      RateLimiter rateLimiter,
      CommentEventPublisher publisher,
      IdGenerator ids,
      Clock clock,
      ActivityMetrics metrics,
      PostChangeLocks turns) {
    return new PostCommentService(
        posts, comments, idempotency, rateLimiter, publisher, ids, clock, metrics, turns);
  }

  @Singleton
  ListCommentsUseCase listComments(PostStore posts, CommentStore comments) {
    return new ListCommentsService(posts, comments);
  }

  @Singleton
  ListChangesUseCase listChanges(PostStore posts, CommentStore comments) {
    return new ListChangesService(posts, comments);
  }

  @Singleton
  GetCommentUseCase getComment(PostStore posts, CommentStore comments) {
    return new GetCommentService(posts, comments);
  }

  @Singleton
  EditCommentUseCase editComment(
      PostStore posts,
      CommentStore comments,
      CommentEventPublisher publisher,
      Clock clock,
      ActivityMetrics metrics,
      PostChangeLocks turns) {
    return new EditCommentService(posts, comments, publisher, clock, metrics, turns);
  }

  @Singleton
  DeleteCommentUseCase deleteComment(
      PostStore posts,
      CommentStore comments,
      CommentEventPublisher publisher,
      ActivityMetrics metrics,
      PostChangeLocks turns) {
    return new DeleteCommentService(posts, comments, publisher, metrics, turns);
  }

  @Singleton
  ConnectUseCase connect(ConnectionRegistry registry, Clock clock, ActivityMetrics metrics) {
    return new ConnectService(registry, clock, metrics);
  }

  @Singleton
  DisconnectUseCase disconnect(ConnectionRegistry registry) {
    return new DisconnectService(registry);
  }

  @Singleton
  HandleClientMessageUseCase handleClientMessage(
      ConnectionRegistry registry,
      PostStore posts,
      Frames frames,
      ConnectionPusher pusher,
      @Named(PushFactory.PUSH_EXECUTOR) ExecutorService background,
      Clock clock) {
    return new HandleClientMessageService(registry, posts, frames, pusher, background, clock);
  }

  @Singleton
  PushCommentPageUseCase pushCommentPage(
      ListCommentsUseCase listComments,
      Frames frames,
      ConnectionPusher pusher,
      @Named(PushFactory.PUSH_EXECUTOR) ExecutorService background) {
    return new PushCommentPageService(listComments, frames, pusher, background);
  }

  @Singleton
  SendTestMessageUseCase sendTestMessage(
      ConnectionRegistry registry, Broadcaster broadcaster, Frames frames) {
    return new SendTestMessageService(registry, broadcaster, frames);
  }

  @Singleton
  CountConnectionsUseCase countConnections(ConnectionRegistry registry) {
    return new CountConnectionsService(registry);
  }
}
