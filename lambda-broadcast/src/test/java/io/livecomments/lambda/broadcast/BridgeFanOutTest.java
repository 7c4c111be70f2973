package io.livecomments.lambda.broadcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livecomments.adapters.memory.InMemoryConnectionRegistry;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out answers only once everything it started has finished, the removal of a gone
 * connection included: Lambda freezes the function as soon as it answers, and work left running
 * then may never finish.
 */
class BridgeFanOutTest {

  private static final PostId POST = PostId.of(UUID.randomUUID());
  private static final ConnectionId GONE = new ConnectionId("Wc/3ZfEEoAMCJyQ=");
  private static final ConnectionId HERE = new ConnectionId("L0SM9cOFvHcCIhw=");

  private final SettlingExecutor background = new SettlingExecutor(Executors.newFixedThreadPool(4));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    background.close();
    timer.shutdownNow();
  }

  @Test
  void answersOnlyOnceTheGoneConnectionHasBeenRemoved() throws Exception {
    HeldRemovals registry = new HeldRemovals();
    registry.register(new Connection(GONE, Set.of(POST), Optional.empty(), Instant.now()));
    registry.register(new Connection(HERE, Set.of(POST), Optional.empty(), Instant.now()));
    BridgeFanOut fanOut = fanOut(registry);

    CompletableFuture<BridgeFanOut.Outcome> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return fanOut.broadcast(Optional.of(POST), "test", "{}", Duration.ofSeconds(10));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    await().atMost(Duration.ofSeconds(10)).untilTrue(registry.removing);
    assertFalse(call.isDone(), "answered while the gone connection was still being removed");
    registry.release.countDown();
    BridgeFanOut.Outcome outcome = call.get(10, TimeUnit.SECONDS);
    assertEquals(2, outcome.audience());
    assertEquals(new ConnectionPusher.Report(1, 1, 0), outcome.report());
    assertEquals(List.of(HERE), Recipient.ids(registry.audienceOf(POST)));
  }

  @Test
  void aRemovalThatOutlastsThePatienceIsATimeout() {
    HeldRemovals registry = new HeldRemovals();
    registry.register(new Connection(GONE, Set.of(), Optional.empty(), Instant.now()));

    assertThrows(
        TimeoutException.class,
        () -> fanOut(registry).broadcast(Optional.empty(), "test", "{}", Duration.ofMillis(300)));
    registry.release.countDown();
  }

  private BridgeFanOut fanOut(ConnectionRegistry registry) {
    ConnectionPusher pusher =
        new ConnectionPusher(
            (connection, frame) ->
                CompletableFuture.completedFuture(
                    connection.equals(GONE) ? PushOutcome.GONE : PushOutcome.DELIVERED),
            registry,
            8,
            new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5)),
            background,
            timer);
    return new BridgeFanOut(registry, pusher, background);
  }

  /** The in-memory registry, whose removals wait until the test lets them go. */
  private static final class HeldRemovals implements ConnectionRegistry {
    private final InMemoryConnectionRegistry delegate = new InMemoryConnectionRegistry();
    final AtomicBoolean removing = new AtomicBoolean();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void remove(ConnectionId id) {
      removing.set(true);
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delegate.remove(id);
    }

    @Override
    public void register(Connection connection) {
      delegate.register(connection);
    }

    @Override
    public Optional<Connection> find(ConnectionId id) {
      return delegate.find(id);
    }

    @Override
    public Optional<Connection> subscribe(ConnectionId id, PostId postId) {
      return delegate.subscribe(id, postId);
    }

    @Override
    public Optional<Connection> unsubscribe(ConnectionId id, PostId postId) {
      return delegate.unsubscribe(id, postId);
    }

    @Override
    public void touch(ConnectionId id) {
      delegate.touch(id);
    }

    @Override
    public List<Recipient> audienceOf(PostId postId) {
      return delegate.audienceOf(postId);
    }

    @Override
    public List<Recipient> all() {
      return delegate.all();
    }

    @Override
    public ConnectionCount count() {
      return delegate.count();
    }
  }
}
