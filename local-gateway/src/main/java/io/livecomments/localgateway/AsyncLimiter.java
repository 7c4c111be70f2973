package io.livecomments.localgateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs at most {@code max} asynchronous calls at once and queues the rest, without blocking the
 * caller: when ten thousand clients leave together, their {@code $disconnect} calls must not open
 * ten thousand connections (and run out of file descriptors) at once.
 */
final class AsyncLimiter {

  private final int max;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  AsyncLimiter(int max) {
    this.max = max;
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start =
        () -> {
          CompletableFuture<T> started;
          try {
            started = call.get();
          } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
          }
          started.whenComplete(
              (value, error) -> {
                release();
                if (error != null) {
                  result.completeExceptionally(error);
                } else {
                  result.complete(value);
                }
              });
        };
    boolean now;
    synchronized (this) {
      now = running < max;
      if (now) {
        running++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.run();
    }
  }
}
