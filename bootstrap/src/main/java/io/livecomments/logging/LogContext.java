package io.livecomments.logging;

import io.micronaut.core.annotation.Nullable;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The log context (SLF4J's MDC: the request id, the connection id) of the work a request causes.
 * The MDC belongs to a thread, and push work hops threads; so each hop captures the context where
 * the work is handed over and reinstates it around the work, then puts back what the thread had.
 */
public final class LogContext {

  /** MDC key of the request id ({@code X-Request-Id}). */
  public static final String REQUEST_ID = "requestId";

  /** MDC key of the WebSocket connection a piece of work is about. */
  public static final String CONNECTION_ID = "connectionId";

  private LogContext() {}

  /** The calling thread's context, to hand to another thread. */
  public static @Nullable Map<String, String> capture() {
    return MDC.getCopyOfContextMap();
  }

  /** Runs {@code work} with {@code context} as the thread's MDC, then restores the thread's own. */
  public static void runWith(@Nullable Map<String, String> context, Runnable work) {
    Map<String, String> own = MDC.getCopyOfContextMap();
    set(context);
    try {
      work.run();
    } finally {
      set(own);
    }
  }

  /** The task, made to run in the context of the thread that calls this. */
  public static Runnable carried(Runnable task) {
    Map<String, String> context = capture();
    if (context == null) {
      return task;
    }
    return () -> runWith(context, task);
  }

  /** The task, made to run in the context of the thread that calls this. */
  public static <T> Callable<T> carried(Callable<T> task) {
    Map<String, String> context = capture();
    if (context == null) {
      return task;
    }
    return () -> {
      Map<String, String> own = MDC.getCopyOfContextMap();
      set(context);
      try {
        return task.call();
      } finally {
        set(own);
      }
    };
  }

  private static void set(@Nullable Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }
}
