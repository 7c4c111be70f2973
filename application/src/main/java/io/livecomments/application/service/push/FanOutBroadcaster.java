package io.livecomments.application.service.push;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Broadcasts by pushing to each connection of the audience, as API Gateway requires. */
public final class FanOutBroadcaster implements Broadcaster {

  private static final System.Logger LOG = System.getLogger(FanOutBroadcaster.class.getName());

  private final ConnectionRegistry registry;
  private final ConnectionPusher pusher;
  private final Executor background;

  /**
   * @param background reads the audience from the registry (which may block on the store); the
   *     pusher queues the messages without blocking
   */
  public FanOutBroadcaster(
      ConnectionRegistry registry, ConnectionPusher pusher, Executor background) {
    this.registry = registry;
    this.pusher = pusher;
    this.background = background;
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
    try {
      background.execute(
          () ->
              fanOut(topic, type, frame, accepted)
                  .whenComplete(
                      (report, error) -> {
                        // A fan-out that never reached its audience is no fan-out time.
                        if (report != null) {
                          settled.run();
                        }
                        held.run();
                      }));
    } catch (RejectedExecutionException e) {
      held.run();
      LOG.log(
          System.Logger.Level.DEBUG,
          "Broadcast dropped: the service is stopping; clients catch up with afterSeq");
    }
  }

  /**
   * Completes with the fan-out's report once every push has settled, or with null if none began.
   */
  private CompletableFuture<ConnectionPusher.Report> fanOut(
      Optional<PostId> topic, String type, String frame, long accepted) {
    try {
      List<Recipient> audience = topic.map(registry::audienceOf).orElseGet(registry::all);
      return pusher
          .pushToAll(audience, frame)
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
}
