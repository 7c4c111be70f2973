package io.livecomments.application.service.health;

import io.livecomments.application.port.out.StoreProbe;
import io.livecomments.application.port.out.StoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the store can serve, as readiness probes ask it: a load balancer may probe a hundred
 * times a second, so a probe's answer is reused for {@code interval} after the check began, and
 * probes that come while a check runs wait for that check rather than start their own. The store
 * therefore sees at most one check per interval, however many probes there are, and no probe gets
 * an answer older than the interval plus the check's own duration.
 *
 * <p>Checks run on {@code executor}, so that a probe never holds its caller's thread (the server's
 * event loop) while the store is slow to answer.
 */
public final class StoreReadiness {

  private static final System.Logger LOG = System.getLogger(StoreReadiness.class.getName());

  private final StoreProbe probe;
  private final Clock clock;
  private final Duration interval;
  private final Executor executor;
  private final AtomicReference<Check> latest = new AtomicReference<>();

  /** A check and when it began; its result is shared by every probe until it is stale. */
  private record Check(Instant startedAt, CompletableFuture<StoreStatus> result) {}

  public StoreReadiness(StoreProbe probe, Clock clock, Duration interval, Executor executor) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, was " + interval);
    }
  }

  /** The store's status: the latest check's if it is fresh or still running, else a new one's. */
  public CompletionStage<StoreStatus> status() {
    while (true) {
      Check current = latest.get();
      if (current != null && !isStale(current)) {
        return current.result().minimalCompletionStage();
      }
      Check next = new Check(clock.instant(), new CompletableFuture<>());
      // Of the probes that found the check stale at once, one wins and runs the next check; the
      // others loop and share it.
      if (latest.compareAndSet(current, next)) {
        start(next, current == null ? null : current.result().getNow(null));
        return next.result().minimalCompletionStage();
      }
    }
  }

  private boolean isStale(Check check) {
    Instant now = clock.instant();
    // A clock set back (an NTP step) must not make an old answer look fresh.
    return check.result().isDone()
        && (now.isBefore(check.startedAt()) || !now.isBefore(check.startedAt().plus(interval)));
  }

  private void start(Check check, StoreStatus previous) {
    try {
      executor.execute(
          () -> {
            try {
              check.result().complete(logged(previous, probeSafely()));
            } finally {
              // Should the probe die of an Error, probes must still get an answer, not hang.
              check.result().complete(StoreStatus.notReady("The store check failed"));
            }
          });
    } catch (RejectedExecutionException e) {
      // The executor is shutting down with the service: not ready, and say so.
      check.result().complete(StoreStatus.notReady("The service is stopping"));
    }
  }

  private StoreStatus probeSafely() {
    try {
      return Objects.requireNonNull(probe.probe(), "the probe's status");
    } catch (RuntimeException e) {
      return StoreStatus.notReady(String.valueOf(e.getMessage()));
    }
  }

  /** Readiness details are hidden from anonymous callers, so the log says why it changed. */
  private static StoreStatus logged(StoreStatus previous, StoreStatus now) {
    boolean wasReady = previous == null || previous.ready();
    if (wasReady && !now.ready()) {
      LOG.log(System.Logger.Level.WARNING, "Store not ready: {0}", now.details());
    } else if (!wasReady && now.ready()) {
      LOG.log(System.Logger.Level.INFO, "Store ready again: {0}", now.details());
    }
    return now;
  }
}
