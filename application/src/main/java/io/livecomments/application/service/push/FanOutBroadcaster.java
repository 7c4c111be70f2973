package io.livecomments.application.service.push;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.domain.PostId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Broadcasts by pushing to each connection of the audience, as API Gateway requires.
 *
 * <p>Broadcasts about one post are handed to the pusher in the order they came (one lane per
 * topic): each reads its audience on a background thread, and two of them racing there could
 * otherwise reach the connections' outboxes the other way round, an {@code updated} after the
 * {@code deleted} made later. Different posts' broadcasts run side by side.
 *
 * <p>A broadcast that follows the previous one of its topic within the pusher's batch delay is part
 * of a burst: its messages may linger in the outboxes of {@code batch=1} connections for the ones
 * after it, so the burst leaves in fewer frames. The first broadcast after a quiet spell leaves at
 * once, so a quiet post pays no delay.
 */
public final class FanOutBroadcaster implements Broadcaster {

  private static final System.Logger LOG = System.getLogger(FanOutBroadcaster.class.getName());

  /** Beyond this many topics remembered, those quiet for longer than the window are forgotten. */
  private static final int REMEMBERED_TOPICS = 4_096;

  private final ConnectionRegistry registry;
  private final ConnectionPusher pusher;
  private final Executor background;
  private final Map<Optional<PostId>, Lane> lanes = new ConcurrentHashMap<>();

  /** When each topic last fanned out ({@link System#nanoTime()}), to tell a burst. */
  private final Map<Optional<PostId>, Long> lastFanOut = new ConcurrentHashMap<>();

  private final long burstWindowNanos;

  /**
   * @param background reads the audience from the registry (which may block on the store); the
   *     pusher queues the messages without blocking
   */
  public FanOutBroadcaster(
      ConnectionRegistry registry, ConnectionPusher pusher, Executor background) {
    this.registry = registry;
    this.pusher = pusher;
    this.background = background;
    this.burstWindowNanos = pusher.batchDelay().toNanos();
  }

  @Override
  public void broadcast(Optional<PostId> topic, String type, String frame) {
    broadcast(topic, type, frame, () -> {});
  }

  /** The queued fan-out counts as the pusher's work from now on, so a shutdown drains it too. */
  @Override
  public void broadcast(Optional<PostId> topic, String type, String frame, Runnable settled) {
    long accepted = System.nanoTime();
    Runnable held = pusher.hold();
    Queued queued =
        new Queued(
            () ->
                fanOut(topic, type, frame, accepted)
                    .whenComplete(
                        (report, error) -> {
                          // A fan-out that never reached its audience is no fan-out time.
                          if (report != null) {
                            settled.run();
                          }
                          held.run();
                        }),
            held);
    while (true) {
      Lane lane = lanes.computeIfAbsent(topic, Lane::new);
      synchronized (lane) {
        if (lane.retired) {
          continue;
        }
        lane.waiting.addLast(queued);
        if (lane.running) {
          return;
        }
        lane.running = true;
      }
      start(lane);
      return;
    }
  }

  private void start(Lane lane) {
    try {
      background.execute(() -> run(lane));
    } catch (RejectedExecutionException e) {
      int dropped;
      synchronized (lane) {
        dropped = lane.waiting.size();
        lane.waiting.forEach(q -> q.held.run());
        lane.waiting.clear();
        lane.running = false;
        retireIfIdle(lane);
      }
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0} broadcast(s) dropped: the service is stopping; clients catch up with /changes",
          dropped);
    }
  }

  /** Hands the lane's broadcasts to the pusher one after the other, until none is left. */
  private void run(Lane lane) {
    while (true) {
      Queued next;
      synchronized (lane) {
        next = lane.waiting.pollFirst();
        if (next == null) {
          lane.running = false;
          retireIfIdle(lane);
          return;
        }
      }
      try {
        next.fanOut.run();
      } catch (RuntimeException e) {
        // Never leave the lane marked running with no one running it.
        next.held.run();
        LOG.log(System.Logger.Level.WARNING, "Broadcast failed before any push", e);
      }
    }
  }

  /** Call holding the lane's lock. */
  private void retireIfIdle(Lane lane) {
    if (lane.waiting.isEmpty() && !lane.running) {
      lane.retired = true;
      lanes.remove(lane.topic, lane);
    }
  }

  /**
   * Completes with the fan-out's report once every push has settled, or with null if none began.
   * Returns once the messages are in the outboxes, so that the lane's next broadcast queues behind.
   */
  private CompletableFuture<ConnectionPusher.Report> fanOut(
      Optional<PostId> topic, String type, String frame, long accepted) {
    try {
      List<Recipient> audience = topic.map(registry::audienceOf).orElseGet(registry::all);
      return pusher
          .pushToAll(audience, frame, inBurst(topic))
          .thenApply(
              report -> {
                logSettled(topic, type, audience.size(), report, accepted);
                return report;
              });
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Broadcast failed before any push; clients catch up with afterSeq",
          e);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Whether this topic fanned out within the burst window before; records this fan-out. */
  private boolean inBurst(Optional<PostId> topic) {
    if (burstWindowNanos == 0) {
      return false;
    }
    long now = System.nanoTime();
    Long previous = lastFanOut.put(topic, now);
    if (lastFanOut.size() > REMEMBERED_TOPICS) {
      lastFanOut.values().removeIf(at -> now - at > burstWindowNanos);
    }
    return previous != null && now - previous <= burstWindowNanos;
  }

  /**
   * One line per fan-out once every push has settled: DEBUG when all went well (a busy service fans
   * out all the time), INFO when a push failed for good; each such push has logged a warning of its
   * own already.
   */
  private static void logSettled(
      Optional<PostId> topic,
      String type,
      int audience,
      ConnectionPusher.Report report,
      long accepted) {
    System.Logger.Level level =
        report.failed() > 0 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
    if (!LOG.isLoggable(level)) {
      return;
    }
    LOG.log(
        level,
        "Fan-out of %s for %s settled in %d ms: %d connection(s), %d delivered, %d gone, %d failed"
            .formatted(
                type,
                topic.map(post -> "post " + post.value()).orElse("every post"),
                (System.nanoTime() - accepted) / 1_000_000,
                audience,
                report.delivered(),
                report.gone(),
                report.failed()));
  }

  /** A broadcast waiting for its turn, and the hold to release if it never gets one. */
  private record Queued(Runnable fanOut, Runnable held) {}

  /** The broadcasts of one topic, in order; at most one of them runs at a time. */
  private static final class Lane {
    final Optional<PostId> topic;
    final ArrayDeque<Queued> waiting = new ArrayDeque<>();
    boolean running;
    boolean retired;

    Lane(Optional<PostId> topic) {
      this.topic = topic;
    }
  }
}
