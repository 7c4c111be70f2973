package io.livecomments.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Push work hops threads; each hop keeps the request id of the request that caused it. */
class LogContextTest {

  private final ExecutorService pool = LogContextExecutors.fixedPool(2, Thread::new);
  private final ScheduledExecutorService timer =
      LogContextExecutors.singleThreadScheduler(Thread::new);
  private final ExecutorService plain = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
    plain.shutdownNow();
    MDC.clear();
  }

  @Test
  void aPoolsTasksRunWithTheRequestIdOfWhoeverQueuedThemAndNothingLingers() throws Exception {
    MDC.put(LogContext.REQUEST_ID, "req-a");
    CompletableFuture<String> first = new CompletableFuture<>();
    pool.execute(() -> first.complete(MDC.get(LogContext.REQUEST_ID)));
    assertEquals("req-a", first.get(5, TimeUnit.SECONDS));

    MDC.put(LogContext.REQUEST_ID, "req-b");
    assertEquals(
        "req-b", pool.submit(() -> MDC.get(LogContext.REQUEST_ID)).get(5, TimeUnit.SECONDS));

    MDC.clear();
    for (int i = 0; i < 4; i++) {
      assertNull(
          pool.submit(() -> MDC.get(LogContext.REQUEST_ID)).get(5, TimeUnit.SECONDS),
          "a task queued outside any request has no request id");
    }
  }

  @Test
  void aRetryScheduledOnTheTimerRunsWithTheRequestIdOfItsPush() throws Exception {
    MDC.put(LogContext.REQUEST_ID, "req-retry");
    CompletableFuture<String> seen = new CompletableFuture<>();
    timer.schedule(() -> seen.complete(MDC.get(LogContext.REQUEST_ID)), 10, TimeUnit.MILLISECONDS);
    assertEquals("req-retry", seen.get(5, TimeUnit.SECONDS));
    assertEquals(
        "req-retry",
        timer
            .schedule(() -> MDC.get(LogContext.REQUEST_ID), 1, TimeUnit.MILLISECONDS)
            .get(5, TimeUnit.SECONDS));
  }

  @Test
  void whatFollowsAPushRunsWithItsRequestIdOnTheThreadThatAnswered() throws Exception {
    CompletableFuture<PushOutcome> gatewayAnswer = new CompletableFuture<>();
    LogContextConnectionMessenger messenger =
        new LogContextConnectionMessenger((connection, frame) -> gatewayAnswer);

    MDC.put(LogContext.REQUEST_ID, "req-push");
    CompletableFuture<String> next =
        messenger
            .push(new ConnectionId("abc="), "{}")
            .toCompletableFuture()
            .thenApply(outcome -> outcome + " " + MDC.get(LogContext.REQUEST_ID));
    MDC.clear();

    // The HTTP client's thread, which knows nothing of the request.
    plain.execute(() -> gatewayAnswer.complete(PushOutcome.DELIVERED));
    assertEquals("Delivered[] req-push", next.get(5, TimeUnit.SECONDS));
    assertNull(
        plain.submit(() -> MDC.get(LogContext.REQUEST_ID)).get(5, TimeUnit.SECONDS),
        "the answering thread is left as it was");
  }
}
