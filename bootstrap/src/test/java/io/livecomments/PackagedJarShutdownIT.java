package io.livecomments;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A stop under load, on the packaged jar: a thousand WebSocket clients on the local gateway hear
 * one post, a burst of comments leaves a backlog of pushes, and SIGTERM arrives. The service must
 * drain, tell every client it is going away (1001), and exit cleanly and quickly. The store is
 * {@code memory}, because this is about the push path and the gateway, and a thousand handshakes
 * each writing to DynamoDB Local would test the machine instead.
 */
class PackagedJarShutdownIT {

  private static final int CLIENTS = 1_000;
  private static final int COMMENTS = 5;
  private static final int WAVE = 50;
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(15);

  @Test
  void sigtermDrainsTheBacklogClosesEverySocketWith1001AndExitsCleanly() throws Exception {
    requireFileDescriptors(4 * CLIENTS);
    Path folder = Files.createTempDirectory("livecomments-shutdown-it");
    PackagedJar jar =
        PackagedJar.start(
            folder,
            Map.of(
                "LIVECOMMENTS_STORE", "memory",
                "LIVECOMMENTS_RATE_LIMIT_COMMENTS_PER_MINUTE", "100000"));
    List<WsClient> clients = new ArrayList<>();
    try {
      Api api = new Api(jar.base());
      String token = api.devToken("shutdown-" + UUID.randomUUID(), null);
      String post = api.createPost(token, "a crowded post");
      clients.addAll(connect(jar.base(), post));
      // A running service has pushed before; the burst below should queue, not wait for start-up.
      assertEquals(201, api.comment(post, token, "warming up").status());
      await("every client heard the first comment")
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> !c.raw.isEmpty()));

      ExecutorService writers = Executors.newFixedThreadPool(8);
      List<Future<Integer>> posted = new ArrayList<>();
      for (int i = 0; i < COMMENTS; i++) {
        String content = "comment " + i;
        posted.add(writers.submit(() -> api.comment(post, token, content).status()));
      }
      for (Future<Integer> status : posted) {
        assertEquals(201, status.get(60, TimeUnit.SECONDS));
      }
      writers.shutdown();
      int heardBeforeStop = clients.stream().mapToInt(c -> c.raw.size()).sum();

      long stopping = System.nanoTime();
      int exitCode = jar.terminate(EXIT_LIMIT);
      long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);

      List<Integer> closeCodes = new ArrayList<>();
      for (WsClient client : clients) {
        closeCodes.add(closeCode(client));
      }
      long goingAway = closeCodes.stream().filter(code -> code == 1001).count();
      int heard = clients.stream().mapToInt(c -> c.raw.size()).sum();
      // The figures a reader of the build log wants: how fast, how clean, how much was delivered.
      System.out.printf(
          "Shutdown: exit %d after %d ms; %d of %d clients closed with 1001; %d of %d pushes"
              + " heard (%d before SIGTERM, warm-up included)%n",
          exitCode,
          stoppedMillis,
          goingAway,
          CLIENTS,
          heard,
          CLIENTS * (COMMENTS + 1),
          heardBeforeStop);

      assertTrue(exitCode == 0 || exitCode == 143, "exit code " + exitCode + "\n" + jar.output());
      assertEquals(
          List.of(),
          jar.output().lines().filter(line -> line.contains("ERROR")).limit(20).toList(),
          "ERROR lines in the output of a normal stop");
      assertEquals(
          CLIENTS,
          goingAway,
          () ->
              "close codes other than 1001: "
                  + closeCodes.stream().filter(c -> c != 1001).toList());
    } finally {
      jar.close();
      clients.forEach(WsClient::abort);
    }
  }

  /** Each client needs a socket here and one in the service, plus the service's own calls. */
  private static void requireFileDescriptors(long needed) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      assertTrue(
          unix.getMaxFileDescriptorCount() >= needed,
          "raise the open-files limit (ulimit -n) to at least " + needed);
    }
  }

  /** Connects in waves, so that the handshakes do not all wait on the backend at once. */
  private static List<WsClient> connect(URI base, String post) {
    List<WsClient> clients = new ArrayList<>();
    for (int wave = 0; wave < CLIENTS; wave += WAVE) {
      List<CompletableFuture<WsClient>> opening = new ArrayList<>();
      for (int i = wave; i < Math.min(CLIENTS, wave + WAVE); i++) {
        opening.add(WsClient.open(base, "postId=" + post));
      }
      opening.forEach(open -> clients.add(open.orTimeout(30, TimeUnit.SECONDS).join()));
    }
    return clients;
  }

  /** How the client's connection ended: its close code, or -1 when it ended without one. */
  private static int closeCode(WsClient client) throws InterruptedException {
    try {
      return client.closed.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return -1;
    } catch (TimeoutException e) {
      throw new AssertionError("a client's connection was still open after the exit");
    }
  }
}
