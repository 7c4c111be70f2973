package io.livecomments.application.service;

import io.livecomments.application.port.in.CountConnectionsUseCase;
import io.livecomments.application.port.out.ConnectionCount;
import io.livecomments.application.port.out.ConnectionRegistry;

public final class CountConnectionsService implements CountConnectionsUseCase {

  private final ConnectionRegistry registry;

  public CountConnectionsService(ConnectionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ConnectionCount countConnections() {
    return registry.count();
  }
}
