package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces API Gateway's idle timeout and connection lifetime, and drops connections whose upgrade
 * never completed, each with {@code $disconnect} as API Gateway would. It starts with the server,
 * since without one there are no connections to sweep.
 */
@Singleton
@Requires(condition = LocalGatewayEnabledCondition.class)
public class ConnectionSweeper implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionSweeper.class);

  private final LocalConnections connections;
  private final LocalGatewayConfiguration configuration;
  private final TaskScheduler scheduler;
  private volatile ScheduledFuture<?> schedule;

  public ConnectionSweeper(
      LocalConnections connections,
      LocalGatewayConfiguration configuration,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.connections = connections;
    this.configuration = configuration;
    this.scheduler = scheduler;
  }

  @Override
  public synchronized void onApplicationEvent(ServerStartupEvent event) {
    if (schedule == null) {
      Duration interval = configuration.sweepInterval();
      schedule = scheduler.scheduleWithFixedDelay(interval, interval, this::sweepSafely);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  /** Drops every connection that has outlived one of the limits at this moment. */
  void sweep() {
    Instant now = connections.now();
    for (LocalConnection connection : connections.all()) {
      connection
          .expiry(
              now,
              configuration.idleTimeout(),
              configuration.maxLifetime(),
              configuration.openTimeout())
          .ifPresent(reason -> connections.drop(connection, reason));
    }
  }

  /** A scheduled task that throws is never run again, so one bad sweep must not end them all. */
  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.error("Sweeping local gateway connections failed", e);
    }
  }
}
