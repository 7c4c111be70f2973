package io.livecomments.application.service;

import io.livecomments.application.port.in.DisconnectUseCase;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.domain.ConnectionId;

public final class DisconnectService implements DisconnectUseCase {

  private final ConnectionRegistry registry;

  public DisconnectService(ConnectionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void disconnect(ConnectionId connectionId) {
    registry.remove(connectionId);
  }
}
