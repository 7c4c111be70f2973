package io.livecomments.config;

import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.localgateway.LocalConnections;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first part of a stop, run before Micronaut stops the server: refuse new requests ({@link
 * DrainingFilter}), let queued pushes reach their clients for up to {@code
 * livecomments.shutdown.drain-timeout}, then close the local gateway's sockets with 1001 (Going
 * Away). It must come first because stopping the server ends its event loops, and with them every
 * socket and every push still travelling through them.
 */
@Singleton
public class GracefulShutdown {

  /** Time for the close frames to leave before the server goes. */
  private static final Duration CLOSE_FRAMES = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final ShutdownConfiguration configuration;
  private final ConnectionPusher pusher;
  private final BeanProvider<LocalConnections> localGateway;
  private final AtomicBoolean draining = new AtomicBoolean();

  GracefulShutdown(
      ShutdownConfiguration configuration,
      ConnectionPusher pusher,
      BeanProvider<LocalConnections> localGateway) {
    this.configuration = configuration;
    this.pusher = pusher;
    this.localGateway = localGateway;
  }

  /** Whether a stop has begun, so that new requests are refused. */
  public boolean isDraining() {
    return draining.get();
  }

  /** Runs the drain once; later calls return at once. */
  public void drain() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    Duration timeout = configuration.drainTimeout();
    LOG.info(
        "Stopping: new requests are refused; queued pushes ({} fan-out(s) and push(es)) get up"
            + " to {} s to drain",
        pusher.outstanding(),
        timeout.toMillis() / 1000.0);
    try {
      if (!pusher.awaitIdle(timeout)) {
        LOG.warn(
            "Drain timeout reached with {} fan-out(s) and push(es) outstanding; they are dropped,"
                + " and clients catch up with afterSeq",
            pusher.outstanding());
      }
      // Whatever is still queued settles at once from here; what is on the wire meets a 410.
      pusher.stop();
      if (localGateway.isPresent()) {
        localGateway.get().closeAll(CLOSE_FRAMES);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(
        "Drained in {} ms; stopping the server",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }
}
