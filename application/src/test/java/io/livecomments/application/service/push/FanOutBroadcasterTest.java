package io.livecomments.application.service.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutBroadcasterTest {

  private final ExecutorService background = Executors.newFixedThreadPool(16);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopThreads() {
    background.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void aPostsBroadcastsReachEveryConnectionInTheOrderTheyWereMadeThoughAudienceReadsRace()
      throws Exception {
    PostId post = PostId.of(UUID.randomUUID());
    List<Recipient> audience =
        IntStream.range(0, 50)
            .mapToObj(i -> new Recipient(new ConnectionId("c" + i + "="), i % 2 == 0))
            .toList();
    int broadcasts = 100;
    try (GatewayDouble gateway = new GatewayDouble(2_000, 0.1)) {
      ConnectionPusher pusher =
          new ConnectionPusher(
              gateway,
              new SlowRegistry(audience),
              32,
              new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(4)),
              background,
              timer);
      FanOutBroadcaster broadcaster =
          new FanOutBroadcaster(new SlowRegistry(audience), pusher, background);
      CountDownLatch settled = new CountDownLatch(broadcasts);
      List<String> made = new ArrayList<>();
      for (int n = 0; n < broadcasts; n++) {
        made.add("b" + n);
        broadcaster.broadcast(
            Optional.of(post), "test", GatewayDouble.message("b" + n), settled::countDown);
      }

      assertTrue(settled.await(60, TimeUnit.SECONDS), "every fan-out settled");
      for (Recipient recipient : audience) {
        assertEquals(made, gateway.receivedBy(recipient.id()), recipient.toString());
      }
      assertEquals(0, gateway.overlaps());
    }
  }

  @Test
  void aBurstOnOnePostLeavesInOneBatchWhileEachPostsFirstBroadcastLeavesAtOnce() throws Exception {
    PostId hot = PostId.of(UUID.randomUUID());
    PostId quiet = PostId.of(UUID.randomUUID());
    Recipient reader = new Recipient(new ConnectionId("reader="), true);
    try (GatewayDouble gateway = new GatewayDouble(100, 0)) {
      ConnectionPusher pusher =
          new ConnectionPusher(
              gateway,
              new SlowRegistry(List.of(reader)),
              8,
              new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
              background,
              timer,
              io.livecomments.application.port.out.metrics.PushMetrics.none(),
              TokenBucket.unlimited(),
              io.livecomments.application.port.out.IdGenerator.random(),
              java.time.Clock.systemUTC(),
              Duration.ofSeconds(3));
      FanOutBroadcaster broadcaster =
          new FanOutBroadcaster(new SlowRegistry(List.of(reader)), pusher, background);
      CountDownLatch first = new CountDownLatch(2);
      CountDownLatch settled = new CountDownLatch(2);

      broadcaster.broadcast(
          Optional.of(hot), "test", GatewayDouble.message("h0"), first::countDown);
      awaitReceived(gateway, reader, List.of("h0"));
      // Another post's first broadcast is no burst either, though it follows within the delay.
      broadcaster.broadcast(
          Optional.of(quiet), "test", GatewayDouble.message("q0"), first::countDown);
      awaitReceived(gateway, reader, List.of("h0", "q0"));
      assertTrue(first.await(10, TimeUnit.SECONDS));

      // The hot post's next two are a burst: the first waits, the second joins it.
      broadcaster.broadcast(
          Optional.of(hot), "test", GatewayDouble.message("h1"), settled::countDown);
      broadcaster.broadcast(
          Optional.of(hot), "test", GatewayDouble.message("h2"), settled::countDown);
      assertTrue(settled.await(30, TimeUnit.SECONDS), "every fan-out settled");
      assertEquals(List.of("h0", "q0", "h1", "h2"), gateway.receivedBy(reader.id()));
      assertEquals(1, gateway.batchesTo(reader.id()), "h1 and h2 in one frame");
    }
  }

  private static void awaitReceived(GatewayDouble gateway, Recipient reader, List<String> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gateway.receivedBy(reader.id()).size() < expected.size()
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(expected, gateway.receivedBy(reader.id()));
  }

  /** Answers the audience after a random pause, as a store's query does. */
  private record SlowRegistry(List<Recipient> audience) implements ConnectionRegistry {
    @Override
    public List<Recipient> audienceOf(PostId postId) {
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000));
      return audience;
    }

    @Override
    public List<Recipient> all() {
      return audience;
    }

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
    public void remove(ConnectionId id) {}

    @Override
    public ConnectionCount count() {
      return new ConnectionCount(audience.size(), Instant.EPOCH);
    }
  }
}
