package io.livecomments.application.service.push;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.ConnectionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 */
public final class ConnectionPusher {

  private static final System.Logger LOG = System.getLogger(ConnectionPusher.class.getName());
  private static final int DISPATCH_THREADS = 4;
  private static final int MIN_SLICE = 500;
  private static final PushOutcome STOPPED = new PushOutcome.Failed("the service is stopping");

  /** What a fan-out achieved. */
  public record Report(int delivered, int gone, int failed) {}

  private final ConnectionMessenger messenger;
  private final ConnectionRegistry registry;
  private final Semaphore permits;
  private final Executor background;
  private final ScheduledExecutorService timer;
  private final RetryPolicy retry;
  private final Outstanding outstanding = new Outstanding();
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
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1");
    }
    this.messenger = messenger;
    this.registry = registry;
    this.permits = new Semaphore(maxConcurrency);
    this.retry = retry;
    this.background = background;
    this.timer = timer;
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
      pushes.add(attempt(connection, frame, 1));
    }
    return pushes;
  }

  /** Pushes one frame to one connection, with the same retries and clean-up. */
  public CompletableFuture<PushOutcome> pushTo(ConnectionId connection, String frame) {
    return tracked(() -> attempt(connection, frame, 1));
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

  private CompletableFuture<PushOutcome> attempt(ConnectionId connection, String frame, int n) {
    if (stopped) {
      return CompletableFuture.completedFuture(STOPPED);
    }
    permits.acquireUninterruptibly();
    CompletableFuture<PushOutcome> push;
    try {
      push = messenger.push(connection, frame).toCompletableFuture();
    } catch (RuntimeException e) {
      push = CompletableFuture.completedFuture(new PushOutcome.Failed(e.toString()));
    }
    return push.handle(
            (outcome, error) -> {
              permits.release();
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
