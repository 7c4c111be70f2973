package io.livecomments.application.port.in;

import io.livecomments.application.port.out.ConnectionCount;

/** How many connections are registered, and when they were counted, for health checks. */
@FunctionalInterface
public interface CountConnectionsUseCase {

  ConnectionCount countConnections();
}
