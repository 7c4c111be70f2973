package io.livecomments.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.in.ConnectUseCase.ConnectCommand;
import io.livecomments.application.port.in.CreatePostUseCase.CreatePostCommand;
import io.livecomments.application.port.in.DeleteCommentUseCase.DeleteCommentCommand;
import io.livecomments.application.port.in.EditCommentUseCase.EditCommentCommand;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.in.PostCommentUseCase.PostCommentCommand;
import io.livecomments.application.port.in.RateLimitExceededException;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.application.service.ConnectService;
import io.livecomments.application.service.CreatePostService;
import io.livecomments.application.service.DeleteCommentService;
import io.livecomments.application.service.EditCommentService;
import io.livecomments.application.service.PostChangeLocks;
import io.livecomments.application.service.PostCommentService;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.FanOutBroadcaster;
import io.livecomments.application.service.push.Frames;
import io.livecomments.application.service.push.RealtimeCommentPublisher;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostTitle;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core records each metric where its event happens, seen through a recording fake. */
class MetricsRecordingTest {

  private static final Author ALICE = new Author(new UserId("alice"), "alice@example.com");
  private static final RetryPolicy QUICK =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

  /** Every call of the two ports, counted by what it said. */
  static final class RecordingMetrics implements ActivityMetrics, PushMetrics {
    final Map<Object, AtomicInteger> counts = new ConcurrentHashMap<>();
    final AtomicLong waiting = new AtomicLong();
    final AtomicInteger fanOutsStarted = new AtomicInteger();
    final AtomicInteger fanOutsSettled = new AtomicInteger();

    int count(Object what) {
      return counts.getOrDefault(what, new AtomicInteger()).get();
    }

    private void add(Object what) {
      counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void commentCreated() {
      add("commentCreated");
    }

    @Override
    public void changed(Change change) {
      add(change);
    }

    @Override
    public void connectionRegistered() {
      add("connectionRegistered");
    }

    @Override
    public void rateLimited() {
      add("rateLimited");
    }

    @Override
    public void accepted(int messages) {
      waiting.addAndGet(messages);
    }

    @Override
    public void settled(int messages) {
      waiting.addAndGet(-messages);
    }

    @Override
    public void counted(Result result) {
      add(result);
    }

    @Override
    public void frameSent(FrameKind kind) {
      add(kind);
    }

    @Override
    public Runnable fanOutStarted() {
      fanOutsStarted.incrementAndGet();
      return fanOutsSettled::incrementAndGet;
    }
  }

  private final RecordingMetrics metrics = new RecordingMetrics();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
  private final InMemoryPostStore posts = new InMemoryPostStore();
  private final InMemoryCommentStore comments = new InMemoryCommentStore();
  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Executor background = Executors.newCachedThreadPool();
  private final IdGenerator ids = UUID::randomUUID;

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private static void await(BooleanSupplier condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(condition::getAsBoolean);
  }

  private ConnectionPusher pusher(
      io.livecomments.application.port.out.push.ConnectionMessenger messenger) {
    return new ConnectionPusher(messenger, registry, 8, QUICK, background, timer, metrics);
  }

  private Comment aComment() {
    return new Comment(
        io.livecomments.domain.CommentId.of(UUID.randomUUID()),
        PostId.of(UUID.randomUUID()),
        1,
        1,
        new CommentContent("hi"),
        ALICE,
        clock.instant(),
        clock.instant());
  }

  private static ConnectionId id(int n) {
    return new ConnectionId("conn" + n + "=");
  }

  @Test
  void commentsCreatedEditedAndDeletedAreCountedButAReplayOrARefusalIsNot() {
    PostId post =
        new CreatePostService(posts, ids, clock)
            .createPost(new CreatePostCommand(ALICE, new PostTitle("p")))
            .id();
    AtomicInteger permits = new AtomicInteger(2);
    RateLimiter twoWrites =
        user ->
            permits.getAndDecrement() > 0
                ? RateLimiter.Permit.GRANTED
                : new RateLimiter.Permit.Denied(Duration.ofSeconds(30));
    PostCommentService postComment =
        new PostCommentService(
            posts,
            comments,
            new InMemoryIdempotencyStore(),
            twoWrites,
            event -> {},
            ids,
            clock,
            metrics,
            new PostChangeLocks());
    PostCommentCommand keyed =
        new PostCommentCommand(
            post,
            PostAccess.ANY_POST,
            ALICE,
            new CommentContent("hi"),
            Optional.of(new IdempotencyKey("k1")));

    Comment first = postComment.postComment(keyed).comment();
    postComment.postComment(keyed);
    postComment.postComment(
        new PostCommentCommand(
            post, PostAccess.ANY_POST, ALICE, new CommentContent("again"), Optional.empty()));
    assertThrows(
        RateLimitExceededException.class,
        () ->
            postComment.postComment(
                new PostCommentCommand(
                    post, PostAccess.ANY_POST, ALICE, new CommentContent("x"), Optional.empty())));
    new EditCommentService(posts, comments, event -> {}, clock, metrics, new PostChangeLocks())
        .editComment(
            new EditCommentCommand(
                post, PostAccess.ANY_POST, first.id(), ALICE.id(), new CommentContent("edited")));
    new DeleteCommentService(posts, comments, event -> {}, metrics, new PostChangeLocks())
        .deleteComment(new DeleteCommentCommand(post, PostAccess.ANY_POST, first.id(), ALICE.id()));

    assertEquals(2, metrics.count("commentCreated"));
    assertEquals(2, metrics.count(ActivityMetrics.Change.CREATED));
    assertEquals(1, metrics.count(ActivityMetrics.Change.UPDATED));
    assertEquals(1, metrics.count(ActivityMetrics.Change.DELETED));
    assertEquals(1, metrics.count("rateLimited"));
  }

  @Test
  void everyConnectionRegisteredIsCounted() {
    ConnectService connect = new ConnectService(registry, clock, metrics);
    connect.connect(new ConnectCommand(id(1), Set.of(), Optional.empty()));
    connect.connect(new ConnectCommand(id(2), Set.of(), Optional.empty()));
    assertEquals(2, metrics.count("connectionRegistered"));
  }

  @Test
  void aGoneConnectionIsCountedOnceAndTheMessagesWaitingForItAreDroppedWithIt() throws Exception {
    Queue<CompletableFuture<PushOutcome>> inFlight = new ConcurrentLinkedQueue<>();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              CompletableFuture<PushOutcome> push = new CompletableFuture<>();
              inFlight.add(push);
              return push;
            });
    List<CompletableFuture<PushOutcome>> pushes =
        List.of(pusher.pushTo(id(1), "a"), pusher.pushTo(id(1), "b"), pusher.pushTo(id(1), "c"));
    await(() -> inFlight.size() == 1);
    assertEquals(3, metrics.waiting.get());

    inFlight.poll().complete(PushOutcome.GONE);

    for (CompletableFuture<PushOutcome> push : pushes) {
      assertEquals(PushOutcome.GONE, push.get(5, TimeUnit.SECONDS));
    }
    assertTrue(inFlight.isEmpty(), "the later two were never sent");
    assertEquals(1, metrics.count(PushMetrics.Result.GONE));
    assertEquals(1, metrics.count(PushMetrics.FrameKind.SINGLE));
    assertEquals(0, metrics.waiting.get());
  }

  @Test
  void each429IsCountedAsThrottledAndAMessageIsCountedOnceByHowItEnded() throws Exception {
    Map<ConnectionId, AtomicInteger> attempts = new ConcurrentHashMap<>();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              int n =
                  attempts.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
              PushOutcome outcome =
                  switch (connection.value()) {
                    // Throttled once, then through.
                    case "conn1=" -> n < 2 ? new PushOutcome.Throttled() : PushOutcome.DELIVERED;
                    // Throttled on every one of its three attempts: given up.
                    case "conn2=" -> new PushOutcome.Throttled();
                    case "conn3=" -> new PushOutcome.Rejected("413");
                    default -> PushOutcome.DELIVERED;
                  };
              return CompletableFuture.completedFuture(outcome);
            });

    ConnectionPusher.Report report =
        pusher
            .pushToAll(
                Stream.of(id(1), id(2), id(3), id(4)).map(c -> new Recipient(c, false)).toList(),
                "x")
            .get(5, TimeUnit.SECONDS);

    assertEquals(new ConnectionPusher.Report(2, 0, 2), report);
    assertEquals(2, metrics.count(PushMetrics.Result.DELIVERED));
    assertEquals(4, metrics.count(PushMetrics.Result.THROTTLED), "1 + 3 answers of 429");
    assertEquals(1, metrics.count(PushMetrics.Result.FAILED));
    assertEquals(1, metrics.count(PushMetrics.Result.REJECTED));
    assertEquals(2 + 3 + 1 + 1, metrics.count(PushMetrics.FrameKind.SINGLE), "every attempt");
    assertEquals(0, metrics.waiting.get());
  }

  @Test
  void aCommentsFanOutIsTimedUntilItsLastPushHasSettled() {
    registry.register(new Connection(id(1), Set.of(), Optional.empty(), clock.instant()));
    registry.register(new Connection(id(2), Set.of(), Optional.empty(), clock.instant()));
    Queue<CompletableFuture<PushOutcome>> inFlight = new ConcurrentLinkedQueue<>();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              CompletableFuture<PushOutcome> push = new CompletableFuture<>();
              inFlight.add(push);
              return push;
            });
    Frames frames = new Frames(envelope -> envelope.message().type(), ids, clock);
    RealtimeCommentPublisher publisher =
        new RealtimeCommentPublisher(
            frames, new FanOutBroadcaster(registry, pusher, background), metrics);
    Comment comment = aComment();

    publisher.publish(new CommentEvent.Created(comment));

    assertEquals(1, metrics.fanOutsStarted.get());
    await(() -> inFlight.size() == 2);
    assertEquals(2, metrics.waiting.get());
    inFlight.poll().complete(PushOutcome.DELIVERED);
    assertEquals(0, metrics.fanOutsSettled.get(), "one push is still on the wire");
    inFlight.poll().complete(PushOutcome.DELIVERED);
    await(() -> metrics.fanOutsSettled.get() == 1);
    assertEquals(0, metrics.waiting.get());
  }

  @Test
  void aFanOutWhoseAudienceCannotBeReadIsNotTimed() {
    ConnectionRegistry unreachable =
        (ConnectionRegistry)
            java.lang.reflect.Proxy.newProxyInstance(
                ConnectionRegistry.class.getClassLoader(),
                new Class<?>[] {ConnectionRegistry.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("audienceOf")) {
                    throw new StoreUnavailableException("the store is down", null);
                  }
                  try {
                    return method.invoke(registry, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    ConnectionPusher pusher = pusher((connection, frame) -> new CompletableFuture<>());
    Frames frames = new Frames(envelope -> envelope.message().type(), ids, clock);
    RealtimeCommentPublisher publisher =
        new RealtimeCommentPublisher(
            frames, new FanOutBroadcaster(unreachable, pusher, background), metrics);
    Comment comment = aComment();

    publisher.publish(new CommentEvent.Created(comment));

    await(() -> pusher.outstanding() == 0);
    assertEquals(1, metrics.fanOutsStarted.get());
    assertEquals(0, metrics.fanOutsSettled.get(), "no fan-out time for a fan-out that never began");
  }
}
