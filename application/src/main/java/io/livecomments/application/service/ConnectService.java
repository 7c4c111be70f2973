package io.livecomments.application.service;

import io.livecomments.application.port.in.ConnectUseCase;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import java.time.Clock;

public final class ConnectService implements ConnectUseCase {

  private final ConnectionRegistry registry;
  private final Clock clock;

  public ConnectService(ConnectionRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void connect(ConnectCommand command) {
    registry.register(
        new Connection(
            command.connectionId(), command.subscriptions(), command.user(), clock.instant()));
  }
}
