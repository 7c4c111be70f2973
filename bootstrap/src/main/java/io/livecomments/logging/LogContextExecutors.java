package io.livecomments.logging;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Thread pools whose tasks run in the log context of the thread that handed them over, so that the
 * log lines of a fan-out, a retry or a clean-up carry the request id that caused them. The core
 * stays free of logging frameworks: it only sees an {@code Executor}.
 */
public final class LogContextExecutors {

  private LogContextExecutors() {}

  /** As {@link java.util.concurrent.Executors#newFixedThreadPool(int, ThreadFactory)}. */
  public static ExecutorService fixedPool(int threads, ThreadFactory factory) {
    return new CarryingPool(threads, factory);
  }

  /** As {@link java.util.concurrent.Executors#newSingleThreadScheduledExecutor(ThreadFactory)}. */
  public static ScheduledExecutorService singleThreadScheduler(ThreadFactory factory) {
    return new CarryingScheduler(factory);
  }

  /** {@code submit} and {@code invokeAll} go through {@code execute}, so this covers them too. */
  private static final class CarryingPool extends ThreadPoolExecutor {

    CarryingPool(int threads, ThreadFactory factory) {
      super(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    @Override
    public void execute(Runnable command) {
      super.execute(LogContext.carried(command));
    }
  }

  /** {@code execute} and {@code submit} go through {@code schedule}, so this covers them too. */
  private static final class CarryingScheduler extends ScheduledThreadPoolExecutor {

    CarryingScheduler(ThreadFactory factory) {
      super(1, factory);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return super.schedule(LogContext.carried(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return super.schedule(LogContext.carried(callable), delay, unit);
    }
  }
}
