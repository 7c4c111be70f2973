package io.livecomments.localgateway;

import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands out ids a test has queued (to get {@code +}, {@code /} and {@code =}), else random ones.
 */
@Singleton
@Replaces(SecureRandomConnectionIdGenerator.class)
class ScriptedConnectionIds implements ConnectionIdGenerator {

  private final Queue<String> queued = new ConcurrentLinkedQueue<>();
  private final ConnectionIdGenerator random = new SecureRandomConnectionIdGenerator();

  void queue(String id) {
    queued.add(id);
  }

  @Override
  public String next() {
    String id = queued.poll();
    return id != null ? id : random.next();
  }
}
