package io.livecomments.application.port.in;

/** How many connections are registered, for health checks. */
@FunctionalInterface
public interface CountConnectionsUseCase {

  int countConnections();
}
