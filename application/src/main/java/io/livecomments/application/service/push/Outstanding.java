package io.livecomments.application.service.push;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts pieces of push work that have been accepted but have not settled yet, so that a shutdown
 * can wait for the backlog to drain instead of cutting it off.
 */
final class Outstanding {

  private int count;

  /** One more piece of work; the returned action ends it, and does so only once. */
  synchronized Runnable begin() {
    count++;
    boolean[] ended = {false};
    return () -> {
      synchronized (this) {
        if (!ended[0]) {
          ended[0] = true;
          count--;
          if (count == 0) {
            notifyAll();
          }
        }
      }
    };
  }

  /** Waits until nothing is outstanding; false if {@code timeout} passed first. */
  synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  synchronized int count() {
    return count;
  }
}
