package io.livecomments.application.service.push;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.domain.ConnectionId;
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
   * @param background runs the fan-out; its threads block while the pusher applies back-pressure
   */
  public FanOutBroadcaster(
      ConnectionRegistry registry, ConnectionPusher pusher, Executor background) {
    this.registry = registry;
    this.pusher = pusher;
    this.background = background;
  }

  @Override
  public void broadcast(Optional<PostId> topic, String frame) {
    broadcast(topic, frame, () -> {});
  }

  /** The queued fan-out counts as the pusher's work from now on, so a shutdown drains it too. */
  @Override
  public void broadcast(Optional<PostId> topic, String frame, Runnable settled) {
    Runnable held = pusher.hold();
    try {
      background.execute(
          () ->
              fanOut(topic, frame)
                  .whenComplete(
                      (report, error) -> {
                        held.run();
                        settled.run();
                      }));
    } catch (RejectedExecutionException e) {
      held.run();
      LOG.log(
          System.Logger.Level.DEBUG,
          "Broadcast dropped: the service is stopping; clients catch up with afterSeq");
    }
  }

  private CompletableFuture<?> fanOut(Optional<PostId> topic, String frame) {
    try {
      List<ConnectionId> audience = topic.map(registry::audienceOf).orElseGet(registry::all);
      return pusher
          .pushToAll(audience, frame)
          .thenAccept(
              report ->
                  LOG.log(
                      System.Logger.Level.DEBUG,
                      "Broadcast to {0} connection(s): {1}",
                      audience.size(),
                      report));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Broadcast failed before any push; clients catch up with afterSeq",
          e);
      return CompletableFuture.completedFuture(null);
    }
  }
}
