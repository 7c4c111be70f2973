package io.livecomments.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.in.HandleClientMessageUseCase.ClientMessage;
import io.livecomments.application.port.in.ListCommentsUseCase.CommentPage;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.application.service.HandleClientMessageService;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.FanOutBroadcaster;
import io.livecomments.application.service.push.Frames;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostTitle;
import io.livecomments.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pushing, retrying, splitting and answering clients, with the in-memory registry. */
class RealtimeUseCasesTest {

  private static final RetryPolicy QUICK =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Executor background = Executors.newCachedThreadPool();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** Background work here takes microseconds: look at once, then every millisecond. */
  private static void await(BooleanSupplier condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(condition::getAsBoolean);
  }

  private static ConnectionId id(int n) {
    return new ConnectionId("conn" + n + "=");
  }

  private ConnectionPusher pusher(ConnectionMessenger messenger, int maxConcurrency) {
    return new ConnectionPusher(messenger, registry, maxConcurrency, QUICK, background, timer);
  }

  @Test
  void noMoreThanMaxConcurrencyPushesAreEverInFlight() throws Exception {
    Queue<CompletableFuture<PushOutcome>> inFlight = new ConcurrentLinkedQueue<>();
    AtomicInteger started = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              started.incrementAndGet();
              CompletableFuture<PushOutcome> push = new CompletableFuture<>();
              inFlight.add(push);
              return push;
            },
            3);
    List<Recipient> audience =
        IntStream.range(0, 10).mapToObj(i -> new Recipient(id(i), false)).toList();
    CompletableFuture<ConnectionPusher.Report> report =
        CompletableFuture.supplyAsync(() -> pusher.pushToAll(audience, "frame"), background)
            .thenCompose(f -> f);

    await(() -> started.get() == 3);
    for (int completed = 0; completed < 10; completed++) {
      await(() -> !inFlight.isEmpty());
      assertTrue(started.get() - completed <= 3, "in flight: " + (started.get() - completed));
      inFlight.poll().complete(PushOutcome.DELIVERED);
    }
    assertEquals(new ConnectionPusher.Report(10, 0, 0), report.get(10, TimeUnit.SECONDS));
  }

  @Test
  void awaitIdleWaitsForQueuedBroadcastsAndTheirPushesToSettle() throws Exception {
    registry.register(new Connection(id(1), Set.of(), Optional.empty(), clock.instant()));
    Queue<CompletableFuture<PushOutcome>> inFlight = new ConcurrentLinkedQueue<>();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              CompletableFuture<PushOutcome> push = new CompletableFuture<>();
              inFlight.add(push);
              return push;
            },
            8);
    // An executor that holds its tasks until the gate opens: the broadcast is queued, not started.
    CompletableFuture<Void> gate = new CompletableFuture<>();
    Executor queued = task -> gate.thenRunAsync(task, background);
    FanOutBroadcaster broadcaster = new FanOutBroadcaster(registry, pusher, queued);

    broadcaster.broadcast(Optional.empty(), "test", "frame");

    assertFalse(pusher.awaitIdle(Duration.ZERO), "a queued broadcast is outstanding work");
    gate.complete(null);
    await(() -> !inFlight.isEmpty());
    assertFalse(pusher.awaitIdle(Duration.ZERO), "a push on the wire is outstanding work");
    inFlight.poll().complete(PushOutcome.DELIVERED);
    assertTrue(pusher.awaitIdle(Duration.ofSeconds(5)));
  }

  @Test
  void aStoppedPusherSendsNothingMoreAndRetriesNothing() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              sent.incrementAndGet();
              return CompletableFuture.completedFuture(new PushOutcome.Throttled());
            },
            8);

    pusher.stop();

    assertInstanceOf(PushOutcome.Failed.class, pusher.pushTo(id(1), "x").get(5, TimeUnit.SECONDS));
    assertEquals(
        new ConnectionPusher.Report(0, 0, 2),
        pusher
            .pushToAll(List.of(new Recipient(id(1), false), new Recipient(id(2), false)), "x")
            .get(5, TimeUnit.SECONDS));
    assertEquals(0, sent.get());
    assertTrue(pusher.awaitIdle(Duration.ZERO));
  }

  @Test
  void aConnectionReportedGoneIsRemovedFromTheRegistryAtOnce() throws Exception {
    registry.register(new Connection(id(1), Set.of(), Optional.empty(), clock.instant()));
    registry.register(new Connection(id(2), Set.of(), Optional.empty(), clock.instant()));
    ConnectionPusher pusher =
        pusher(
            (connection, frame) ->
                CompletableFuture.completedFuture(
                    connection.equals(id(1)) ? PushOutcome.GONE : PushOutcome.DELIVERED),
            8);

    ConnectionPusher.Report report = pusher.pushToAll(registry.all(), "x").get(5, TimeUnit.SECONDS);

    assertEquals(new ConnectionPusher.Report(1, 1, 0), report);
    await(() -> registry.find(id(1)).isEmpty());
    assertTrue(registry.find(id(2)).isPresent());
  }

  @Test
  void throttledPushesAreRetriedWithBackoffUntilTheyGetThrough() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) ->
                CompletableFuture.completedFuture(
                    attempts.incrementAndGet() < 3
                        ? new PushOutcome.Throttled()
                        : PushOutcome.DELIVERED),
            8);
    assertEquals(PushOutcome.DELIVERED, pusher.pushTo(id(1), "x").get(5, TimeUnit.SECONDS));
    assertEquals(3, attempts.get());
  }

  @Test
  void retriesStopAfterTheLastAttemptAndNothingIsThrown() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              attempts.incrementAndGet();
              throw new IllegalStateException("gateway unreachable");
            },
            8);
    assertInstanceOf(PushOutcome.Failed.class, pusher.pushTo(id(1), "x").get(5, TimeUnit.SECONDS));
    assertEquals(QUICK.maxAttempts(), attempts.get());
  }

  @Test
  void aRefusedMessageIsNotRetried() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              attempts.incrementAndGet();
              return CompletableFuture.completedFuture(new PushOutcome.Rejected("413"));
            },
            8);
    assertInstanceOf(
        PushOutcome.Rejected.class, pusher.pushTo(id(1), "x").get(5, TimeUnit.SECONDS));
    assertEquals(1, attempts.get());
  }

  /** Writes only what the size depends on: the comments' text and the part numbers. */
  private static final MessageEncoder SIZE_ENCODER =
      envelope -> {
        OutboundMessage message = envelope.message();
        if (message instanceof OutboundMessage.CommentsList list) {
          return list.part()
              + "/"
              + list.parts()
              + ":"
              + list.comments().stream()
                  .map(c -> c.seq() + "=" + c.content().value())
                  .collect(Collectors.joining(","));
        }
        return message.type();
      };

  private static Comment comment(PostId post, long seq, String text) {
    Instant at = Instant.parse("2026-05-01T08:00:00Z");
    return new Comment(
        CommentId.of(UUID.randomUUID()),
        post,
        seq,
        seq,
        new CommentContent(text),
        new Author(new UserId("u"), "u"),
        at,
        at);
  }

  @Test
  void aPageTooLargeForOneMessageIsSplitIntoNumberedPartsInOrder() {
    PostId post = PostId.of(UUID.randomUUID());
    List<Comment> comments = new ArrayList<>();
    for (int seq = 1; seq <= 100; seq++) {
      comments.add(comment(post, seq, "€".repeat(2000)));
    }
    Frames frames = new Frames(SIZE_ENCODER, UUID::randomUUID, clock);

    List<String> parts =
        frames.commentsList(
            new CommentPage(post, comments, OptionalLong.of(100), OptionalLong.empty(), 100));

    assertTrue(parts.size() >= 5, "600 KB of text needs at least five 128 KiB parts");
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      assertTrue(part.getBytes(StandardCharsets.UTF_8).length <= Frames.MAX_FRAME_BYTES);
      assertTrue(part.startsWith((i + 1) + "/" + parts.size() + ":"), part.substring(0, 10));
      for (String entry : part.substring(part.indexOf(':') + 1).split(",")) {
        seqs.add(Long.parseLong(entry.substring(0, entry.indexOf('='))));
      }
    }
    assertEquals(IntStream.rangeClosed(1, 100).asLongStream().boxed().toList(), seqs);
  }

  @Test
  void aSmallPageIsOneMessage() {
    PostId post = PostId.of(UUID.randomUUID());
    Frames frames = new Frames(SIZE_ENCODER, UUID::randomUUID, clock);
    List<String> parts =
        frames.commentsList(
            new CommentPage(
                post,
                List.of(comment(post, 1, "hi")),
                OptionalLong.empty(),
                OptionalLong.empty(),
                1));
    assertEquals(List.of("1/1:1=hi"), parts);
  }

  @Test
  void clientFramesAreAnsweredToThatConnectionAlone() throws Exception {
    InMemoryPostStore posts = new InMemoryPostStore();
    Post post =
        new Post(
            PostId.of(UUID.randomUUID()), new PostTitle("p"), new UserId("u"), clock.instant());
    posts.add(post);
    List<String> sent = new CopyOnWriteArrayList<>();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              sent.add(connection.value() + " " + frame);
              return CompletableFuture.completedFuture(PushOutcome.DELIVERED);
            },
            8);
    HandleClientMessageService service =
        new HandleClientMessageService(
            registry,
            posts,
            new Frames(SIZE_ENCODER, UUID::randomUUID, clock),
            pusher,
            background,
            clock);
    registry.register(new Connection(id(1), Set.of(), Optional.empty(), clock.instant()));

    service.handle(id(1), new ClientMessage.Ping());
    await(() -> sent.size() == 1);
    service.handle(id(1), new ClientMessage.Subscribe(post.id()));
    await(() -> sent.size() == 2);
    service.handle(id(1), new ClientMessage.Subscribe(PostId.of(UUID.randomUUID())));
    await(() -> sent.size() == 3);
    service.handle(id(1), new ClientMessage.Invalid("nope"));
    await(() -> sent.size() == 4);

    assertEquals(Set.of("conn1= pong", "conn1= connection.info", "conn1= error"), Set.copyOf(sent));
    assertEquals(Set.of(post.id()), registry.find(id(1)).orElseThrow().subscriptions());
  }

  @Test
  void subscribingFromAConnectionTheRegistryForgotRegistersItAgain() throws Exception {
    InMemoryPostStore posts = new InMemoryPostStore();
    Post post =
        new Post(
            PostId.of(UUID.randomUUID()), new PostTitle("p"), new UserId("u"), clock.instant());
    posts.add(post);
    HandleClientMessageService service =
        new HandleClientMessageService(
            registry,
            posts,
            new Frames(SIZE_ENCODER, UUID::randomUUID, clock),
            pusher((c, f) -> CompletableFuture.completedFuture(PushOutcome.DELIVERED), 8),
            background,
            clock);
    service.handle(id(9), new ClientMessage.Subscribe(post.id()));
    assertEquals(Set.of(post.id()), registry.find(id(9)).orElseThrow().subscriptions());
  }
}
