package io.livecomments.lambda.broadcast;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broadcast of the bridge, done the service's way and waited for: the audience read from the
 * registry (the post's, or every connection), the frame pushed to each through the {@link
 * ConnectionPusher} (its concurrency limit, its retries of 429 and 5xx, its removal of a connection
 * that answered 410), and the call returns only once every push and every removal has settled,
 * because a Lambda stops running the moment it answers.
 */
final class BridgeFanOut {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeFanOut.class);

  /** What became of one broadcast. */
  record Outcome(int audience, ConnectionPusher.Report report) {}

  private final ConnectionRegistry registry;
  private final ConnectionPusher pusher;
  private final SettlingExecutor background;

  /**
   * @param background the pusher's own background executor, whose clean-up is waited for
   */
  BridgeFanOut(ConnectionRegistry registry, ConnectionPusher pusher, SettlingExecutor background) {
    this.registry = registry;
    this.pusher = pusher;
    this.background = background;
  }

  /**
   * Pushes the frame to the topic's audience, or to every connection when there is no topic.
   *
   * @throws io.livecomments.application.port.out.StoreUnavailableException when the registry cannot
   *     be read; nothing was pushed then
   * @throws TimeoutException when the pushes had not all settled within {@code patience}
   */
  Outcome broadcast(Optional<PostId> topic, String type, String frame, Duration patience)
      throws TimeoutException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + patience.toNanos();
    List<Recipient> audience = topic.map(registry::audienceOf).orElseGet(registry::all);
    ConnectionPusher.Report report;
    try {
      report =
          pusher
              .pushToAll(audience, frame)
              .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      // The pusher settles every push as an outcome; a failure here is a bug, not a gateway error.
      throw new IllegalStateException("The fan-out failed", e.getCause());
    }
    if (!background.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      throw new TimeoutException("gone connections were still being removed");
    }
    LOG.info(
        "Fan-out of {} for {} settled in {} ms: {} connection(s), {} delivered, {} gone, {} failed",
        type,
        topic.map(post -> "post " + post.value()).orElse("every post"),
        (System.nanoTime() - started) / 1_000_000,
        audience.size(),
        report.delivered(),
        report.gone(),
        report.failed());
    return new Outcome(audience.size(), report);
  }
}
