package io.livecomments.lambda.broadcast;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor that can wait until every task given to it has run. The pusher hands the removal of a
 * gone connection to its background executor after the push has settled; a Lambda is frozen as soon
 * as it answers, so the handler waits here for those removals before it answers.
 */
final class SettlingExecutor implements Executor, AutoCloseable {

  private final ExecutorService delegate;
  private final Object lock = new Object();
  private int running;

  SettlingExecutor(ExecutorService delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (lock) {
      running++;
    }
    try {
      delegate.execute(
          () -> {
            try {
              task.run();
            } finally {
              done();
            }
          });
    } catch (RuntimeException rejected) {
      done();
      throw rejected;
    }
  }

  private void done() {
    synchronized (lock) {
      running--;
      lock.notifyAll();
    }
  }

  /** Whether every task given so far has run; false if {@code patience} passed first. */
  boolean awaitSettled(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (lock) {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  @Override
  public void close() {
    delegate.shutdownNow();
  }
}
