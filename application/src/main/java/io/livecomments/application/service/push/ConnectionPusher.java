package io.livecomments.application.service.push;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.ConnectionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pushes frames to connections through the {@link ConnectionMessenger}: at most {@code
 * maxConcurrency} pushes in flight, throttled and failed pushes retried with exponential backoff a
 * bounded number of times, and a connection that the gateway reports gone forgotten at once.
 *
 * <p>Callers block while all permits are taken, which is the back-pressure that keeps a large
 * fan-out from flooding the gateway; call it from a background thread, never a request thread.
 *
 * <p>Every message (one frame for one connection) is counted in the {@link PushMetrics} once, when
 * it settles, by its final outcome; each 429 answer and each frame sent is counted as it happens. A
 * connection reported gone by several pushes at once is counted gone once.
 */
public final class ConnectionPusher {

  private static final System.Logger LOG = System.getLogger(ConnectionPusher.class.getName());
  private static final int DISPATCH_THREADS = 4;
  private static final int MIN_SLICE = 500;
  private static final PushOutcome STOPPED = new PushOutcome.Failed("the service is stopping");

  /**
   * How many gone connections are remembered so that each is counted once. Only pushes already in
   * flight when the first 410 came can repeat it (the registry forgets the connection at once), so
   * this only has to outlast a 410 storm's in-flight pushes.
   */
  private static final int REMEMBERED_GONE = 100_000;

  /** What a fan-out achieved. */
  public record Report(int delivered, int gone, int failed) {}

  private final ConnectionMessenger messenger;
  private final ConnectionRegistry registry;
  private final Semaphore permits;
  private final Executor background;
  private final ScheduledExecutorService timer;
  private final RetryPolicy retry;
  private final PushMetrics metrics;
  private final Outstanding outstanding = new Outstanding();
  private final Map<ConnectionId, Boolean> recentlyGone =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConnectionId, Boolean> eldest) {
          return size() > REMEMBERED_GONE;
        }
      };
  private volatile boolean stopped;

  /**
   * @param background runs retries and registry clean-up; its threads may block
   * @param timer only schedules retries
   */
  public ConnectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      int maxConcurrency,
      RetryPolicy retry,
      Executor background,
      ScheduledExecutorService timer) {
    this(messenger, registry, maxConcurrency, retry, background, timer, PushMetrics.none());
  }

  /**
   * @param background runs retries and registry clean-up; its threads may block
   * @param timer only schedules retries
   * @param metrics counts messages, outcomes and frames
   */
  public ConnectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      int maxConcurrency,
      RetryPolicy retry,
      Executor background,
      ScheduledExecutorService timer,
      PushMetrics metrics) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1");
    }
    this.messenger = messenger;
    this.registry = registry;
    this.permits = new Semaphore(maxConcurrency);
    this.retry = retry;
    this.background = background;
    this.timer = timer;
    this.metrics = metrics;
  }

  /**
   * Pushes the frame to every connection; completes when each push has settled. Large audiences are
   * dispatched from several threads, because preparing a request (signing it, for the AWS SDK)
   * costs CPU of its own and one thread would be the bottleneck.
   */
  public CompletableFuture<Report> pushToAll(Collection<ConnectionId> connections, String frame) {
    return tracked(() -> fanOut(connections, frame));
  }

  private CompletableFuture<Report> fanOut(Collection<ConnectionId> connections, String frame) {
    List<ConnectionId> audience = List.copyOf(connections);
    metrics.accepted(audience.size());
    int slices = Math.max(1, Math.min(DISPATCH_THREADS, audience.size() / MIN_SLICE));
    List<CompletableFuture<List<CompletableFuture<PushOutcome>>>> dispatched = new ArrayList<>();
    int size = (audience.size() + slices - 1) / Math.max(1, slices);
    for (int from = 0; from < audience.size(); from += size) {
      List<ConnectionId> slice = audience.subList(from, Math.min(audience.size(), from + size));
      dispatched.add(
          from + size >= audience.size()
              ? CompletableFuture.completedFuture(dispatch(slice, frame))
              : CompletableFuture.supplyAsync(() -> dispatch(slice, frame), background));
    }
    return CompletableFuture.allOf(dispatched.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              List<CompletableFuture<PushOutcome>> pushes =
                  dispatched.stream().flatMap(d -> d.join().stream()).toList();
              return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new))
                  .thenApply(settled -> report(pushes));
            });
  }

  private List<CompletableFuture<PushOutcome>> dispatch(List<ConnectionId> slice, String frame) {
    List<CompletableFuture<PushOutcome>> pushes = new ArrayList<>(slice.size());
    for (ConnectionId connection : slice) {
      pushes.add(message(connection, frame));
    }
    return pushes;
  }

  /** Pushes one frame to one connection, with the same retries and clean-up. */
  public CompletableFuture<PushOutcome> pushTo(ConnectionId connection, String frame) {
    return tracked(
        () -> {
          metrics.accepted(1);
          return message(connection, frame);
        });
  }

  /**
   * Counts work that a caller has accepted and will hand to this pusher later (a queued fan-out),
   * so that {@link #awaitIdle} waits for it too. Run the returned action once it has been handed
   * over and settled, or dropped.
   */
  public Runnable hold() {
    return outstanding.begin();
  }

  /**
   * Waits until every push accepted so far has settled (delivered, or given up after its retries),
   * including work announced with {@link #hold}; false if {@code timeout} passed first.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return outstanding.awaitNone(timeout);
  }

  /** Fan-outs and single pushes accepted but not settled yet, for the shutdown's log. */
  public int outstanding() {
    return outstanding.count();
  }

  /**
   * Sends nothing more: from now on every push, retry included, settles at once as failed and
   * quietly, so that a shutdown past its drain timeout ends the backlog instead of racing it.
   */
  public void stop() {
    stopped = true;
  }

  private <T> CompletableFuture<T> tracked(Supplier<CompletableFuture<T>> work) {
    Runnable done = outstanding.begin();
    CompletableFuture<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      done.run();
      throw e;
    }
    return result.whenComplete((value, error) -> done.run());
  }

  /** One message to one connection, all its attempts, counted once it has settled. */
  private CompletableFuture<PushOutcome> message(ConnectionId connection, String frame) {
    return attempt(connection, frame, 1)
        .whenComplete((outcome, error) -> count(connection, error == null ? outcome : STOPPED));
  }

  private void count(ConnectionId connection, PushOutcome outcome) {
    metrics.settled(1);
    if (outcome instanceof PushOutcome.Delivered) {
      metrics.counted(PushMetrics.Result.DELIVERED);
    } else if (outcome instanceof PushOutcome.Gone) {
      if (firstGone(connection)) {
        metrics.counted(PushMetrics.Result.GONE);
      }
    } else if (outcome instanceof PushOutcome.Rejected) {
      metrics.counted(PushMetrics.Result.REJECTED);
    } else {
      metrics.counted(PushMetrics.Result.FAILED);
    }
  }

  private boolean firstGone(ConnectionId connection) {
    synchronized (recentlyGone) {
      return recentlyGone.put(connection, Boolean.TRUE) == null;
    }
  }

  private CompletableFuture<PushOutcome> attempt(ConnectionId connection, String frame, int n) {
    if (stopped) {
      return CompletableFuture.completedFuture(STOPPED);
    }
    permits.acquireUninterruptibly();
    CompletableFuture<PushOutcome> push;
    metrics.frameSent(PushMetrics.FrameKind.SINGLE);
    try {
      push = messenger.push(connection, frame).toCompletableFuture();
    } catch (RuntimeException e) {
      push = CompletableFuture.completedFuture(new PushOutcome.Failed(e.toString()));
    }
    return push.handle(
            (outcome, error) -> {
              permits.release();
              if (outcome instanceof PushOutcome.Throttled) {
                metrics.counted(PushMetrics.Result.THROTTLED);
              }
              return error != null ? new PushOutcome.Failed(error.toString()) : outcome;
            })
        .thenCompose(outcome -> settle(connection, frame, n, outcome));
  }

  private CompletableFuture<PushOutcome> settle(
      ConnectionId connection, String frame, int n, PushOutcome outcome) {
    if (stopped) {
      return CompletableFuture.completedFuture(outcome);
    }
    if (outcome.retryable() && retry.allowsRetryAfter(n)) {
      CompletableFuture<PushOutcome> next = new CompletableFuture<>();
      timer.schedule(
          () ->
              background.execute(
                  () ->
                      attempt(connection, frame, n + 1)
                          .whenComplete(
                              (o, e) -> {
                                if (e != null) {
                                  next.completeExceptionally(e);
                                } else {
                                  next.complete(o);
                                }
                              })),
          retry.backoffAfter(n).toMillis(),
          TimeUnit.MILLISECONDS);
      return next;
    }
    if (outcome instanceof PushOutcome.Gone) {
      background.execute(() -> forget(connection));
    } else if (!(outcome instanceof PushOutcome.Delivered)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Push to connection {0} failed after {1} attempt(s): {2}",
          connection.value(),
          n,
          outcome);
    }
    return CompletableFuture.completedFuture(outcome);
  }

  private void forget(ConnectionId connection) {
    try {
      registry.remove(connection);
      LOG.log(System.Logger.Level.DEBUG, "Connection {0} is gone; removed", connection.value());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Connection " + connection.value() + " is gone but could not be removed",
          e);
    }
  }

  private static Report report(List<CompletableFuture<PushOutcome>> pushes) {
    int ok = 0;
    int goneCount = 0;
    int failedCount = 0;
    for (CompletableFuture<PushOutcome> push : pushes) {
      PushOutcome outcome = push.join();
      if (outcome instanceof PushOutcome.Delivered) {
        ok++;
      } else if (outcome instanceof PushOutcome.Gone) {
        goneCount++;
      } else {
        failedCount++;
      }
    }
    return new Report(ok, goneCount, failedCount);
  }
}
