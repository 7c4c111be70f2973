import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fan-out benchmark and soak run against a started LiveComments (local gateway on). Run with the
 * JDK alone, no build: {@code java bench/FanOutBench.java URL fanout 1000,5000,10000 5 30000} (clients, measured rounds,
 * warm-up pushes) or {@code
 * java bench/FanOutBench.java URL soak 1000 100 10}. See bench/fanout-bench.sh.
 */
public class FanOutBench {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Pattern COMMENT_ID = Pattern.compile("\"comment\":\\{\"id\":\"([0-9a-f-]{36})\"");

  final URI base;
  final String token;

  FanOutBench(URI base) throws Exception {
    this.base = base;
    String body = call("POST", "/api/v1/dev/tokens", null, "{\"userId\":\"bench\",\"username\":\"bench\"}");
    this.token = field(body, "token");
  }

  public static void main(String[] args) throws Exception {
    FanOutBench bench = new FanOutBench(URI.create(args[0]));
    if (args[1].equals("fanout")) {
      int rounds = Integer.parseInt(args[3]);
      // The JIT needs some tens of thousands of pushes before the SDK, Netty and Micronaut paths
      // run compiled; measuring before that measures the compiler.
      int warmupPushes = args.length > 4 ? Integer.parseInt(args[4]) : 30_000;
      for (String n : args[2].split(",")) {
        int clients = Integer.parseInt(n);
        bench.fanOut(clients, rounds, Math.max(2, (warmupPushes + clients - 1) / clients));
      }
    } else {
      bench.soak(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }
    System.exit(0);
  }

  /** Time from POST to the last client's receipt of comment.created, for n clients. */
  void fanOut(int n, int rounds, int warmups) throws Exception {
    String post = field(call("POST", "/api/v1/posts", token, "{\"title\":\"fan-out\"}"), "id");
    Clients clients = Clients.open(base, n);
    try {
      awaitConnections(n);
      long[] millis = new long[rounds];
      for (int w = 0; w < warmups; w++) {
        measure(post, clients); // warm-up rounds, not counted: the JIT is still compiling
      }
      for (int r = 0; r < rounds; r++) {
        millis[r] = measure(post, clients);
      }
      Arrays.sort(millis);
      System.out.printf(
          "fanout clients=%d rounds=%d post_to_last_delivery_ms median=%d min=%d max=%d%n",
          n, rounds, millis[rounds / 2], millis[0], millis[rounds - 1]);
    } finally {
      clients.closeAll();
      awaitConnections(0);
    }
  }

  long measure(String post, Clients clients) throws Exception {
    clients.expect(1);
    long start = System.nanoTime();
    String created = call("POST", "/api/v1/posts/" + post + "/comments", token, "{\"content\":\"fan-out\"}");
    clients.expectedIds.put(field(created, "id"), Boolean.TRUE);
    if (!clients.done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not delivered to all within 120 s: " + clients.done.getCount() + " missing");
    }
    if (System.getenv("FANOUT_DEBUG") != null) {
      System.out.printf("  first_delivery_ms=%d last_delivery_ms=%d%n",
          TimeUnit.NANOSECONDS.toMillis(clients.firstReceipt.get() - start),
          TimeUnit.NANOSECONDS.toMillis(clients.lastReceipt.get() - start));
    }
    return TimeUnit.NANOSECONDS.toMillis(clients.lastReceipt.get() - start);
  }

  /** n clients, m comments spread over s seconds: does every client get every comment once? */
  void soak(int n, int comments, int seconds) throws Exception {
    String post = field(call("POST", "/api/v1/posts", token, "{\"title\":\"soak\"}"), "id");
    Clients clients = Clients.open(base, n);
    try {
      awaitConnections(n);
      for (int w = 0; w < 30; w++) {
        measure(post, clients); // warm-up, not counted: the JIT is still compiling
      }
      clients.expect(comments);
      long interval = TimeUnit.SECONDS.toNanos(seconds) / comments;
      long start = System.nanoTime();
      for (int i = 0; i < comments; i++) {
        long due = start + i * interval;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        String created = call("POST", "/api/v1/posts/" + post + "/comments", token, "{\"content\":\"soak " + i + "\"}");
        clients.expectedIds.put(field(created, "id"), Boolean.TRUE);
      }
      boolean all = clients.done.await(120, TimeUnit.SECONDS);
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long expected = (long) n * comments;
      long received = clients.received.get();
      System.out.printf(
          "soak clients=%d comments=%d over_s=%d expected_deliveries=%d received=%d duplicates=%d unexpected=%d"
              + " clients_complete=%d all_delivered=%s elapsed_ms=%d%n",
          n, comments, seconds, expected, received, clients.duplicates.get(), clients.unexpected.get(),
          n - clients.done.getCount(), all, elapsed);
    } finally {
      clients.closeAll();
      awaitConnections(0);
    }
  }

  void awaitConnections(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      int count = Integer.parseInt(fieldNumber(call("GET", "/api/v1/websocket/connections", null, null), "connectionCount"));
      if (count == n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("expected " + n + " connections, have " + count);
      }
      Thread.sleep(100);
    }
  }

  String call(String method, String path, String bearer, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  static String fieldNumber(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  /** Many WebSocket clients on one HttpClient, counting comment.created per client. */
  static final class Clients {
    final List<WebSocket> sockets = new ArrayList<>();
    final Map<String, Boolean> expectedIds = new ConcurrentHashMap<>();
    final AtomicLong lastReceipt = new AtomicLong();
    final AtomicLong firstReceipt = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong received = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final List<Listener> listeners = new ArrayList<>();
    volatile CountDownLatch done = new CountDownLatch(0);
    volatile int perClient;

    static Clients open(URI base, int n) throws Exception {
      Clients clients = new Clients();
      HttpClient http = HttpClient.newHttpClient();
      URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws");
      for (int batch = 0; batch < n; batch += 250) {
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = batch; i < Math.min(n, batch + 250); i++) {
          Listener listener = clients.new Listener();
          clients.listeners.add(listener);
          opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(ws, listener));
        }
        for (CompletableFuture<WebSocket> socket : opening) {
          clients.sockets.add(socket.get(60, TimeUnit.SECONDS));
        }
      }
      return clients;
    }

    void expect(int comments) {
      expectedIds.clear();
      listeners.forEach(l -> l.seen.clear());
      perClient = comments;
      lastReceipt.set(0);
      firstReceipt.set(Long.MAX_VALUE);
      received.set(0);
      duplicates.set(0);
      unexpected.set(0);
      done = new CountDownLatch(listeners.size());
    }

    void closeAll() {
      for (WebSocket socket : sockets) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      }
    }

    final class Listener implements WebSocket.Listener {
      final Map<String, Boolean> seen = new ConcurrentHashMap<>();
      final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          if (text.startsWith("{\"type\":\"comment.created\"")) {
            long now = System.nanoTime();
            firstReceipt.accumulateAndGet(now, Math::min);
            Matcher m = COMMENT_ID.matcher(text);
            if (m.find()) {
              received.incrementAndGet();
              if (seen.put(m.group(1), Boolean.TRUE) != null) {
                duplicates.incrementAndGet();
              } else if (seen.size() == perClient) {
                lastReceipt.accumulateAndGet(now, Math::max);
                done.countDown();
              }
            } else {
              unexpected.incrementAndGet();
            }
          }
        }
        socket.request(1);
        return null;
      }
    }
  }
}
