package io.livecomments.application.port.in;

import io.livecomments.domain.ConnectionId;

/** {@code $disconnect}: the connection is gone; forgetting an unknown one is not an error. */
@FunctionalInterface
public interface DisconnectUseCase {

  void disconnect(ConnectionId connectionId);
}
