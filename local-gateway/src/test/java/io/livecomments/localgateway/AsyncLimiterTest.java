package io.livecomments.localgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncLimiterTest {

  @Test
  void runsAtMostMaxCallsAndStartsTheNextWhenOneEnds() {
    AsyncLimiter limiter = new AsyncLimiter(3);
    List<CompletableFuture<Integer>> started = new ArrayList<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(
          limiter.submit(
              () -> {
                CompletableFuture<Integer> call = new CompletableFuture<>();
                started.add(call);
                return call;
              }));
    }
    assertEquals(3, started.size());

    for (int done = 0; done < 10; done++) {
      started.get(done).complete(done);
      assertEquals(Math.min(10, done + 4), started.size(), "after " + (done + 1) + " ended");
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(i, results.get(i).join());
    }
  }

  @Test
  void aCallThatThrowsFailsItsOwnResultAndFreesItsPlace() {
    AsyncLimiter limiter = new AsyncLimiter(1);
    CompletableFuture<Object> failed =
        limiter.submit(
            () -> {
              throw new IllegalStateException("refused");
            });
    assertTrue(failed.isCompletedExceptionally());
    assertEquals("ok", limiter.submit(() -> CompletableFuture.completedFuture("ok")).join());
  }
}
