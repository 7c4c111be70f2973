package io.livecomments.application.port.out;

/**
 * Asks the store, with one cheap call per table, whether it can serve requests now: the answer a
 * load balancer's readiness probe needs. Stores with nothing outside this process to ask have no
 * probe.
 */
@FunctionalInterface
public interface StoreProbe {

  /**
   * Checks the store now. Never throws: an unreachable store or a missing table is a status that is
   * not ready, with the reason in its details.
   */
  StoreStatus probe();
}
