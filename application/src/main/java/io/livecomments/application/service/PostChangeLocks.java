package io.livecomments.application.service;

import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.domain.PostId;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes the changes to one post that this process makes take their turns, from the store write to
 * the hand-over of their event, so that the events of a post are published in {@code rev} order
 * (CONTRACT section 5: from one instance, a post's events reach each connection in {@code rev}
 * order). Without it two requests could commit revs 5 and 6 and then publish 6 before 5, and the
 * ordered outboxes downstream would faithfully deliver the wrong order.
 *
 * <p>The store serializes a post's writes anyway (one counter per post), so waiting here costs no
 * throughput; the publish inside only encodes the event and queues it. Posts share 1,024 lock
 * stripes. A change that cannot take its turn within {@link #WAIT} fails with {@link
 * StoreUnavailableException} (503, nothing written) rather than hold a request thread longer.
 *
 * <p>One instance must be shared by every service that changes comments.
 */
public final class PostChangeLocks {

  /** How long a change waits for the changes to the same post queued before it. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  private static final int STRIPES = 1024;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  public PostChangeLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs the change (write and publish) once the post's earlier changes are done. */
  public <T> T inTurn(PostId postId, Supplier<T> change) {
    ReentrantLock lock = stripes[Math.floorMod(postId.hashCode(), STRIPES)];
    try {
      if (!lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StoreUnavailableException(
            "Too many changes queued for post " + postId.value() + "; try again shortly", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while waiting to change a comment", e);
    }
    try {
      return change.get();
    } finally {
      lock.unlock();
    }
  }
}
