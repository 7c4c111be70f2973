package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.domain.ConnectionId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, must-show 5: with {@code livecomments.push.max-rate=500}, a burst of comments to 1,000
 * batching clients never puts more than 500 pushes into any one second at the gateway, and every
 * client still gets every comment, in order, once.
 */
class PushBudgetTest {

  private static final int CLIENTS = 1_000;
  private static final int COMMENTS = 30;
  private static final int MAX_RATE = 500;

  @Test
  void aBurstToAThousandBatchingClientsStaysWithinTheBudgetAndLosesNothing() throws Exception {
    try (FakeManagementApi gateway = new FakeManagementApi(10, 0.02);
        EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                    "livecomments.store",
                    "memory",
                    "livecomments.apigateway.endpoint",
                    gateway.endpoint().toString(),
                    "livecomments.push.max-rate",
                    MAX_RATE,
                    "livecomments.rate-limit.comments-per-minute",
                    10_000))) {
      Api api = new Api(server.getURI());
      String token = api.devToken("poster", null);
      String post = api.createPost(token, "hot post");
      List<String> clients = connectAll(api, post);

      ConnectionRegistry registry =
          server.getApplicationContext().getBean(ConnectionRegistry.class);
      for (String client : clients) {
        Connection stored = registry.find(new ConnectionId(client)).orElseThrow();
        assertTrue(stored.batch(), "batch=1 stored for " + client);
      }

      List<String> posted = postAtTenASecond(api, post, token);

      WsClient.eventually()
          .atMost(Duration.ofSeconds(120))
          .until(() -> clients.stream().allMatch(c -> commentIds(gateway, c).size() >= COMMENTS));

      for (String client : clients) {
        assertEquals(posted, commentIds(gateway, client), "in order, none twice: " + client);
      }
      assertEquals(0, gateway.overlaps(), "never two pushes to one connection at once");
      List<FakeManagementApi.Push> pushes = gateway.pushes();
      int busiest = busiestSecond(pushes);
      System.out.printf(
          "PushBudgetTest: %d pushes (%d throttled) for %d messages; busiest second %d%n",
          pushes.size(),
          pushes.stream().filter(FakeManagementApi.Push::throttled).count(),
          CLIENTS * COMMENTS,
          busiest);
      assertTrue(busiest <= MAX_RATE, "the busiest second held " + busiest + " pushes");
      assertTrue(
          pushes.size() < CLIENTS * COMMENTS / 2,
          "batching saved pushes: " + pushes.size() + " for " + CLIENTS * COMMENTS + " messages");
    }
  }

  /** Registers the clients through the integration endpoint, half in each input style. */
  private static List<String> connectAll(Api api, String post) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<String>> connected = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        String id = "budget" + i + "=";
        IntegrationStyle style = i % 2 == 0 ? IntegrationStyle.JSON : IntegrationStyle.PROXY;
        connected.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Reply reply =
                      style.send(api, "connect", id, Map.of("postId", post, "batch", "1"), null);
                  assertEquals(200, reply.status(), reply.text());
                  return id;
                },
                callers));
      }
      List<String> ids = new ArrayList<>();
      for (CompletableFuture<String> one : connected) {
        ids.add(one.get(60, TimeUnit.SECONDS));
      }
      return ids;
    } finally {
      callers.shutdownNow();
    }
  }

  /** Posts the comments one every 100 ms, as a busy discussion would; their ids in seq order. */
  private static List<String> postAtTenASecond(Api api, String post, String token)
      throws Exception {
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    List<String> ids = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      ScheduledFuture<?> posting =
          pace.scheduleAtFixedRate(
              () -> {
                if (ids.size() == COMMENTS) {
                  return;
                }
                try {
                  Reply created = api.comment(post, token, "comment " + ids.size());
                  assertEquals(201, created.status(), created.text());
                  ids.add(created.string("id"));
                  if (ids.size() == COMMENTS) {
                    done.complete(null);
                  }
                } catch (Throwable e) {
                  done.completeExceptionally(e);
                }
              },
              0,
              100,
              TimeUnit.MILLISECONDS);
      done.get(60, TimeUnit.SECONDS);
      posting.cancel(false);
      return List.copyOf(ids);
    } finally {
      pace.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> commentIds(FakeManagementApi gateway, String connectionId) {
    return gateway.messagesTo(connectionId).stream()
        .filter(m -> "comment.created".equals(m.get("type")))
        .map(
            m ->
                (String)
                    ((Map<String, Object>) ((Map<String, Object>) m.get("data")).get("comment"))
                        .get("id"))
        .toList();
  }

  /** The most pushes that arrived within any one second. */
  private static int busiestSecond(List<FakeManagementApi.Push> pushes) {
    long[] arrivals = pushes.stream().mapToLong(FakeManagementApi.Push::arrivedAtNanos).toArray();
    Arrays.sort(arrivals);
    int most = 0;
    int from = 0;
    for (int to = 0; to < arrivals.length; to++) {
      while (arrivals[to] - arrivals[from] >= TimeUnit.SECONDS.toNanos(1)) {
        from++;
      }
      most = Math.max(most, to - from + 1);
    }
    return most;
  }
}
