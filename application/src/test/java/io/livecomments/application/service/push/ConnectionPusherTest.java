package io.livecomments.application.service.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionPusherTest {

  /** Enough attempts that a 10% chance of 429 never exhausts them in these tests. */
  private static final RetryPolicy PATIENT =
      new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(4));

  private final ExecutorService background = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Set<ConnectionId> removed = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stopThreads() {
    background.shutdownNow();
    timer.shutdownNow();
  }

  private static ConnectionId id(int n) {
    return new ConnectionId("conn" + n + "=");
  }

  private ConnectionPusher pusher(
      io.livecomments.application.port.out.push.ConnectionMessenger messenger,
      int maxConcurrency,
      TokenBucket budget) {
    return pusher(messenger, maxConcurrency, budget, Duration.ZERO);
  }

  private ConnectionPusher pusher(
      io.livecomments.application.port.out.push.ConnectionMessenger messenger,
      int maxConcurrency,
      TokenBucket budget,
      Duration batchDelay) {
    return new ConnectionPusher(
        messenger,
        new ForgettingRegistry(),
        maxConcurrency,
        PATIENT,
        background,
        timer,
        PushMetrics.none(),
        budget,
        IdGenerator.random(),
        Clock.systemUTC(),
        batchDelay);
  }

  /** Polls until true: the pusher's work is asynchronous and takes milliseconds here. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(1);
    }
  }

  @Test
  void manyMessagesToManyConnectionsArriveInOrderOneAtATimeBatchedOnlyWhereAsked()
      throws Exception {
    int connections = 300;
    int messages = 60;
    List<Recipient> audience =
        IntStream.range(0, connections).mapToObj(i -> new Recipient(id(i), i % 2 == 0)).toList();
    try (GatewayDouble gateway = new GatewayDouble(3_000, 0.1)) {
      ConnectionPusher pusher = pusher(gateway, 64, TokenBucket.unlimited());
      List<CompletableFuture<ConnectionPusher.Report>> fanOuts = new ArrayList<>();
      List<CompletableFuture<PushOutcome>> singles = new ArrayList<>();
      List<String> produced = new ArrayList<>();
      for (int n = 0; n < messages; n++) {
        produced.add("f" + n);
        fanOuts.add(pusher.pushToAll(audience, GatewayDouble.message("f" + n)));
        if (n % 10 == 0) {
          // A reply to one connection joins its outbox behind the fan-outs before it.
          singles.add(pusher.pushTo(id(1), GatewayDouble.message("r" + n)));
        }
      }

      for (CompletableFuture<ConnectionPusher.Report> fanOut : fanOuts) {
        assertEquals(
            new ConnectionPusher.Report(connections, 0, 0), fanOut.get(60, TimeUnit.SECONDS));
      }
      for (CompletableFuture<PushOutcome> single : singles) {
        assertEquals(PushOutcome.DELIVERED, single.get(60, TimeUnit.SECONDS));
      }
      assertTrue(pusher.awaitIdle(Duration.ofSeconds(10)));

      assertEquals(0, gateway.overlaps(), "never two pushes to one connection in flight");
      for (int i = 0; i < connections; i++) {
        if (i != 1) {
          assertEquals(produced, gateway.receivedBy(id(i)), "connection " + i);
        }
        if (i % 2 == 1) {
          assertEquals(0, gateway.batchesTo(id(i)), "no batch to non-batching " + i);
        }
      }
      List<String> expectedByOne = new ArrayList<>();
      for (int n = 0; n < messages; n++) {
        expectedByOne.add("f" + n);
        if (n % 10 == 0) {
          expectedByOne.add("r" + n);
        }
      }
      assertEquals(expectedByOne, gateway.receivedBy(id(1)));
      assertTrue(gateway.batchFrames() > 0, "the batching half got batches");
      assertTrue(
          gateway.singleFrames() + gateway.batchFrames() < connections * messages,
          "batches saved pushes");
    }
  }

  @Test
  void aBatchNeverExceeds128KiBAndSplitsInOrder() throws Exception {
    CompletableFuture<PushOutcome> firstAnswer = new CompletableFuture<>();
    AtomicInteger pushes = new AtomicInteger();
    List<String> frames = java.util.Collections.synchronizedList(new ArrayList<>());
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              frames.add(frame);
              return pushes.getAndIncrement() == 0
                  ? firstAnswer
                  : CompletableFuture.completedFuture(PushOutcome.DELIVERED);
            },
            8,
            TokenBucket.unlimited());
    List<Recipient> one = List.of(new Recipient(id(1), true));
    List<CompletableFuture<ConnectionPusher.Report>> sent = new ArrayList<>();
    sent.add(pusher.pushToAll(one, GatewayDouble.message("first")));
    await("the first push is in flight", () -> pushes.get() == 1);
    for (int n = 0; n < 10; n++) {
      // 40,000 bytes each: three fit in one 128 KiB batch, four do not.
      sent.add(pusher.pushToAll(one, GatewayDouble.paddedMessage("m" + n, 40_000)));
    }

    firstAnswer.complete(PushOutcome.DELIVERED);
    for (CompletableFuture<ConnectionPusher.Report> report : sent) {
      assertEquals(new ConnectionPusher.Report(1, 0, 0), report.get(10, TimeUnit.SECONDS));
    }

    List<String> labels = new ArrayList<>();
    List<Integer> perFrame = new ArrayList<>();
    for (String frame : frames) {
      assertTrue(
          frame.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= Frames.MAX_FRAME_BYTES);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"m\":\"(\\w+)\"").matcher(frame);
      int count = 0;
      while (m.find()) {
        labels.add(m.group(1));
        count++;
      }
      perFrame.add(count);
    }
    assertEquals(
        List.of("first", "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"), labels);
    assertEquals(List.of(1, 3, 3, 3, 1), perFrame, "batches of three, the rest alone");
    assertTrue(frames.get(1).startsWith("{\"type\":\"batch\",\"eventId\":\""), frames.get(1));
    assertTrue(frames.get(4).startsWith("{\"m\":\"m9\""), "one message leaves as itself");
  }

  @Test
  void aRetryLeavesBeforeAnythingLaterForTheSameConnection() throws Exception {
    List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              attempts.add(frame);
              // The first two attempts are throttled; the second message is waiting meanwhile.
              return CompletableFuture.completedFuture(
                  calls.getAndIncrement() < 2
                      ? new PushOutcome.Throttled()
                      : PushOutcome.DELIVERED);
            },
            8,
            TokenBucket.unlimited());
    CompletableFuture<PushOutcome> first = pusher.pushTo(id(1), "one");
    CompletableFuture<PushOutcome> second = pusher.pushTo(id(1), "two");

    assertEquals(PushOutcome.DELIVERED, first.get(10, TimeUnit.SECONDS));
    assertEquals(PushOutcome.DELIVERED, second.get(10, TimeUnit.SECONDS));
    assertEquals(List.of("one", "one", "one", "two"), attempts);
  }

  @Test
  void aGoneConnectionLosesWhatWaitsForItAndIsForgotten() throws Exception {
    CompletableFuture<PushOutcome> answer = new CompletableFuture<>();
    AtomicInteger pushes = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              pushes.incrementAndGet();
              return answer;
            },
            8,
            TokenBucket.unlimited());
    List<Recipient> gone = List.of(new Recipient(id(7), true));
    List<CompletableFuture<ConnectionPusher.Report>> reports = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      reports.add(pusher.pushToAll(gone, "m" + n));
    }
    await("the first push is in flight", () -> pushes.get() == 1);

    answer.complete(PushOutcome.GONE);

    for (CompletableFuture<ConnectionPusher.Report> report : reports) {
      assertEquals(new ConnectionPusher.Report(0, 1, 0), report.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, pushes.get(), "nothing more was sent to it");
    await("the registry forgot it", () -> removed.contains(id(7)));
  }

  @Test
  void aFanOutWaitsTheBatchDelayInABatchingOutboxSoThatABurstLeavesAsOneFrame() throws Exception {
    try (GatewayDouble gateway = new GatewayDouble(100, 0)) {
      ConnectionPusher pusher = pusher(gateway, 8, TokenBucket.unlimited(), Duration.ofSeconds(2));
      List<Recipient> audience = List.of(new Recipient(id(0), true), new Recipient(id(1), false));
      List<CompletableFuture<ConnectionPusher.Report>> reports = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        reports.add(pusher.pushToAll(audience, GatewayDouble.message("f" + n), true));
      }
      for (CompletableFuture<ConnectionPusher.Report> report : reports) {
        assertEquals(new ConnectionPusher.Report(2, 0, 0), report.get(10, TimeUnit.SECONDS));
      }

      assertEquals(List.of("f0", "f1", "f2"), gateway.receivedBy(id(0)));
      assertEquals(1, gateway.batchesTo(id(0)), "the burst waited and left as one batch");
      assertEquals(List.of("f0", "f1", "f2"), gateway.receivedBy(id(1)));
      assertEquals(0, gateway.batchesTo(id(1)), "a connection without batch=1 is not held");
    }
  }

  @Test
  void onlyAFanOutInABurstWaitsTheBatchDelayAndAStopEndsTheWait() throws Exception {
    try (GatewayDouble gateway = new GatewayDouble(100, 0)) {
      ConnectionPusher pusher = pusher(gateway, 8, TokenBucket.unlimited(), Duration.ofHours(1));
      pusher.pushToAll(List.of(new Recipient(id(0), true)), GatewayDouble.message("f0"), true);

      // Its outbox is held for an hour; a fan-out not in a burst and a pong are not.
      CompletableFuture<ConnectionPusher.Report> alone =
          pusher.pushToAll(List.of(new Recipient(id(1), true)), GatewayDouble.message("f1"));
      assertEquals(new ConnectionPusher.Report(1, 0, 0), alone.get(10, TimeUnit.SECONDS));
      CompletableFuture<PushOutcome> pong = pusher.pushTo(id(2), GatewayDouble.message("pong"));
      assertEquals(PushOutcome.DELIVERED, pong.get(10, TimeUnit.SECONDS));
      assertEquals(List.of(), gateway.receivedBy(id(0)));

      // A stop sends nothing more and settles the held messages at once.
      CompletableFuture<ConnectionPusher.Report> held =
          pusher.pushToAll(List.of(new Recipient(id(3), true)), GatewayDouble.message("f3"), true);
      pusher.stop();
      assertEquals(new ConnectionPusher.Report(0, 0, 1), held.get(10, TimeUnit.SECONDS));
      assertTrue(pusher.awaitIdle(Duration.ofSeconds(5)));
      assertEquals(List.of(), gateway.receivedBy(id(3)));
    }
  }

  @Test
  void stopSettlesEverythingWaitingAtOnceAndWhatIsInFlightWithItsAnswer() throws Exception {
    CompletableFuture<PushOutcome> answer = new CompletableFuture<>();
    AtomicInteger pushes = new AtomicInteger();
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              pushes.incrementAndGet();
              return answer;
            },
            2,
            TokenBucket.unlimited());
    List<Recipient> audience =
        IntStream.range(0, 10).mapToObj(i -> new Recipient(id(i), false)).toList();
    List<CompletableFuture<ConnectionPusher.Report>> reports = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      reports.add(pusher.pushToAll(audience, "m" + n));
    }
    await("both slots are taken", () -> pushes.get() == 2);

    pusher.stop();
    answer.complete(PushOutcome.DELIVERED);

    int delivered = 0;
    int failed = 0;
    for (CompletableFuture<ConnectionPusher.Report> report : reports) {
      ConnectionPusher.Report settled = report.get(10, TimeUnit.SECONDS);
      delivered += settled.delivered();
      failed += settled.failed();
    }
    assertEquals(2, delivered, "the two in flight");
    assertEquals(28, failed, "everything that waited");
    assertEquals(2, pushes.get());
    assertTrue(pusher.awaitIdle(Duration.ofSeconds(5)));
    assertInstanceOf(
        PushOutcome.Failed.class, pusher.pushTo(id(1), "late").get(5, TimeUnit.SECONDS));
  }

  @Test
  void anExhaustedBudgetHoldsMessagesBackAndTheyLeaveBatchedWhenItRefills() throws Exception {
    AtomicLong now = new AtomicLong();
    // 250 a second: a bucket of 5, refilled at 200 a second.
    TokenBucket budget = new TokenBucket(250, now::get);
    while (budget.tryTake()) {
      // Spent before the burst comes, so that the whole burst waits.
    }
    List<String> frames = java.util.Collections.synchronizedList(new ArrayList<>());
    ConnectionPusher pusher =
        pusher(
            (connection, frame) -> {
              frames.add(frame);
              return CompletableFuture.completedFuture(PushOutcome.DELIVERED);
            },
            64,
            budget);
    List<Recipient> audience =
        IntStream.range(0, 10).mapToObj(i -> new Recipient(id(i), true)).toList();
    List<CompletableFuture<ConnectionPusher.Report>> reports = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      reports.add(pusher.pushToAll(audience, GatewayDouble.message("m" + n)));
    }
    assertTrue(frames.isEmpty(), "nothing leaves without budget");

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    await("the bucket's five pushes left", () -> frames.size() == 5);
    assertTrue(reports.stream().noneMatch(CompletableFuture::isDone), "half still wait");

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    for (CompletableFuture<ConnectionPusher.Report> report : reports) {
      assertEquals(new ConnectionPusher.Report(10, 0, 0), report.get(10, TimeUnit.SECONDS));
    }
    assertEquals(10, frames.size(), "one push per connection for 40 messages");
    for (String frame : frames) {
      assertTrue(
          frame.contains(
              "\"messages\":[{\"m\":\"m0\"},{\"m\":\"m1\"},{\"m\":\"m2\"},{\"m\":\"m3\"}]"),
          frame);
    }
  }

  /** Remembers what the pusher asked it to forget; knows no connection otherwise. */
  private final class ForgettingRegistry implements ConnectionRegistry {
    @Override
    public void register(Connection connection) {}

    @Override
    public Optional<Connection> find(ConnectionId id) {
      return Optional.empty();
    }

    @Override
    public Optional<Connection> subscribe(ConnectionId id, PostId postId) {
      return Optional.empty();
    }

    @Override
    public Optional<Connection> unsubscribe(ConnectionId id, PostId postId) {
      return Optional.empty();
    }

    @Override
    public void touch(ConnectionId id) {}

    @Override
    public void remove(ConnectionId id) {
      removed.add(id);
    }

    @Override
    public List<Recipient> audienceOf(PostId postId) {
      return List.of();
    }

    @Override
    public List<Recipient> all() {
      return List.of();
    }

    @Override
    public ConnectionCount count() {
      return new ConnectionCount(0, java.time.Instant.EPOCH);
    }
  }
}
