package io.livecomments.application.service;

import io.livecomments.application.port.in.ConnectUseCase;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.metrics.ActivityMetrics;
import java.time.Clock;

public final class ConnectService implements ConnectUseCase {

  private final ConnectionRegistry registry;
  private final Clock clock;
  private final ActivityMetrics metrics;

  public ConnectService(ConnectionRegistry registry, Clock clock) {
    this(registry, clock, ActivityMetrics.none());
  }

  /**
   * @param metrics counts the connections registered
   */
  public ConnectService(ConnectionRegistry registry, Clock clock, ActivityMetrics metrics) {
    this.registry = registry;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void connect(ConnectCommand command) {
    registry.register(
        new Connection(
            command.connectionId(),
            command.subscriptions(),
            command.user(),
            clock.instant(),
            command.batch()));
    metrics.connectionRegistered();
  }
}
