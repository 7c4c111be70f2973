import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real-time benchmarks against a started LiveComments (local gateway on) or the bench probe. Run
 * with the JDK alone, no build; bench/realtime-bench.sh starts the servers and calls it:
 *
 * <pre>
 * java bench/FanOutBench.java URL soak CLIENTS COMMENTS SECONDS BATCH(0|1) [WARMUP_COMMENTS] [WAIT_S]
 * java bench/FanOutBench.java URL fanout CLIENTS ROUNDS WARM_ROUNDS
 * java bench/FanOutBench.java PROBE_URL floor CLIENTS ROUNDS WARM_ROUNDS FRAME_BYTES
 * </pre>
 *
 * Clients are java.net.http WebSockets in this one JVM. Every frame is parsed as JSON; a {@code
 * batch} frame is unwrapped into its messages. A message counts when it is a {@code
 * comment.created} whose content is a marker the bench posted ({@code m-<index>}), so that the
 * receipt is matched to the moment that comment's POST was sent even when the push arrives before
 * the POST's answer. Per client, a post's events must arrive in change order: by {@code data.rev}
 * when the service sends it, else by {@code data.comment.seq} (the same order for a post that only
 * gets new comments).
 */
public class FanOutBench {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Pattern FRAMES =
      Pattern.compile("^livecomments_push_frames_total\\{kind=\"(\\w+)\",?\\} ([0-9.eE+]+)$",
          Pattern.MULTILINE);

  final URI base;
  final boolean probe;
  String token;
  /** When each marker's POST was sent (System.nanoTime), by marker index. */
  final long[] sentAt = new long[1 << 20];
  int nextMarker;

  FanOutBench(URI base, boolean probe) throws Exception {
    this.base = base;
    this.probe = probe;
    if (!probe) {
      String body =
          call("POST", "/api/v1/dev/tokens", null, "{\"userId\":\"bench\",\"username\":\"bench\"}");
      this.token = field(body, "token");
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args[1];
    FanOutBench bench = new FanOutBench(URI.create(args[0]), mode.equals("floor"));
    int[] n = Arrays.stream(args).skip(2).filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
    switch (mode) {
      case "soak" -> bench.soak(n[0], n[1], n[2], n[3] == 1, n.length > 4 ? n[4] : 10, n.length > 5 ? n[5] : 120);
      case "fanout" -> bench.fanOut(n[0], n[1], n[2]);
      case "floor" -> bench.floor(n[0], n[1], n[2], n[3]);
      default -> throw new IllegalArgumentException("mode: soak, fanout or floor");
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- soak (must-show 1)

  void soak(int n, int comments, int seconds, boolean batch, int warmup, int waitSeconds)
      throws Exception {
    String post = createPost("soak");
    String label = batch ? "soak batch=1" : "soak batch=0";
    Clients clients = Clients.open(wsUri("postId=" + post + (batch ? "&batch=1" : "")), n);
    try {
      awaitConnections(n);
      // A few comments first, so that the soak does not measure class loading; not counted.
      if (warmup > 0) {
        int first = nextMarker;
        clients.expect(first, warmup);
        for (int i = 0; i < warmup; i++) {
          postComment(post);
        }
        clients.await(60);
      }
      Map<String, Long> framesBefore = pushFrames();
      int first = nextMarker;
      clients.expect(first, comments);
      long interval = TimeUnit.SECONDS.toNanos(seconds) / comments;
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
      long lastPost = start;
      for (int i = 0; i < comments; i++) {
        long due = start + i * interval;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          if (wait > 2_000_000) {
            Thread.sleep(1); // pacing the sender: no result is awaited here
          } else {
            Thread.onSpinWait();
          }
        }
        lastPost = System.nanoTime();
        posts.add(postCommentAsync(post));
      }
      int failed = 0;
      for (CompletableFuture<HttpResponse<String>> p : posts) {
        if (p.get(60, TimeUnit.SECONDS).statusCode() != 201) {
          failed++;
        }
      }
      boolean complete = clients.await(waitSeconds);
      Map<String, Long> framesAfter = pushFrames();
      long expected = (long) n * comments;
      Stats s = clients.stats(sentAt);
      long serviceFrames = 0;
      StringBuilder byKind = new StringBuilder();
      for (String kind : framesAfter.keySet()) {
        long d = framesAfter.get(kind) - framesBefore.getOrDefault(kind, 0L);
        serviceFrames += d;
        byKind.append(byKind.length() == 0 ? "" : ", ").append(kind).append(' ').append(d);
      }
      double pushShare = 100.0 * serviceFrames / expected;
      long lagMs = s.lastReceipt == 0 ? -1 : ms(s.lastReceipt - lastPost);
      System.out.printf(Locale.ROOT, "%n== %s: %d clients on one post, %d comments over %d s (%d/s), waited up to %d s ==%n",
          label, n, comments, seconds, comments / Math.max(1, seconds), waitSeconds);
      System.out.printf(Locale.ROOT, "  POSTs answered non-201         %d%n", failed);
      System.out.printf(Locale.ROOT, "  deliveries received/expected   %,d / %,d%s%n", s.delivered, expected,
          complete ? "" : "  (INCOMPLETE when the wait ended)");
      System.out.printf(Locale.ROOT, "  clients with all %d           %,d / %,d%n", comments, s.completeClients, n);
      System.out.printf(Locale.ROOT, "  order violations               %d  (a post's event after a later one, by rev, else seq)%n", s.orderViolations);
      System.out.printf(Locale.ROOT, "  duplicates                     %d  (same eventId or same rev/seq twice to one client)%n", s.duplicates);
      System.out.printf(Locale.ROOT, "  latency POST sent -> received  p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
          s.p(50), s.p(95), s.p(99), s.p(100));
      System.out.printf(Locale.ROOT, "  p99 by tenth of the comments   %s ms (where the tail is: start, steady, end)%n",
          s.p99ByTenth);
      System.out.printf(Locale.ROOT, "  frames received by clients     %,d (of which batch frames %,d)%n", s.frames, s.batchFrames);
      System.out.printf(Locale.ROOT, "  service frames pushed          %,d (%s), livecomments_push_frames_total after - before%n",
          serviceFrames, byKind);
      System.out.printf(Locale.ROOT, "  pushes / (clients x comments)  %.1f %%%n", pushShare);
      System.out.printf(Locale.ROOT, "  lag, last POST -> last delivery %,d ms%n", lagMs);
      boolean noLoss = s.delivered == expected && s.completeClients == n && failed == 0;
      if (batch) {
        verdict("every client receives all " + comments, noLoss);
        verdict("in rev order (0 order violations)", s.orderViolations == 0);
        verdict("none twice (0 duplicates)", s.duplicates == 0);
        verdict("latency p99 <= 1 s (" + s.p(99) + " ms)", s.p(99) <= 1000 && noLoss);
        verdict(String.format(Locale.ROOT, "pushes <= 40%% of clients x comments (%.1f %%)", pushShare),
            pushShare <= 40.0);
      } else {
        verdict("nothing lost (lag " + lagMs + " ms reported above)", noLoss);
        verdict("in order, none twice", s.orderViolations == 0 && s.duplicates == 0);
      }
    } finally {
      clients.closeAll();
      awaitConnections(0);
    }
  }

  static void verdict(String criterion, boolean pass) {
    System.out.printf("  %s  %s%n", pass ? "PASS" : "FAIL", criterion);
  }

  // ---------------------------------------------------------------- fan-out (must-show 2)

  /**
   * Cold rounds on a freshly started server, then warmRounds more (not printed one by one), then
   * the same number of measured warm rounds. One comment (or one broadcast) per round; a round is
   * the time from sending the request to the last of the n clients having the message.
   */
  void fanOut(int n, int rounds, int warmRounds) throws Exception {
    String post = createPost("fan-out");
    Clients clients = Clients.open(wsUri("postId=" + post), n);
    try {
      awaitConnections(n);
      Map<String, Long> framesBefore = pushFrames();
      System.out.printf("  first round at %s UTC (the server's warm-up, if any, is logged with its time below)%n",
          java.time.LocalTime.now(java.time.ZoneOffset.UTC));
      long[] cold = rounds(clients, rounds, () -> postComment(post));
      long frames = 0;
      for (Map.Entry<String, Long> e : pushFrames().entrySet()) {
        frames += e.getValue() - framesBefore.getOrDefault(e.getKey(), 0L);
      }
      rounds(clients, warmRounds, () -> postComment(post));
      long[] warm = rounds(clients, rounds, () -> postComment(post));
      report("service", n, cold, warm, warmRounds);
      System.out.printf(Locale.ROOT, "  pushes per comment            %.2f frames (%.3f per client), livecomments_push_frames_total over the cold rounds%n",
          (double) frames / rounds, (double) frames / rounds / n);
      System.out.printf(Locale.ROOT, "  frame size                    %d bytes%n", clients.lastFrameBytes);
      System.out.printf(Locale.ROOT, "RESULT service clients=%d cold_median_ms=%d cold_slowest_ms=%d warm_median_ms=%d frame_bytes=%d%n",
          n, median(cold), max(cold), median(warm), clients.lastFrameBytes);
    } finally {
      clients.closeAll();
      awaitConnections(0);
    }
  }

  /** The floor: the probe broadcasts a frame of the service's size to the same number of clients. */
  void floor(int n, int rounds, int warmRounds, int frameBytes) throws Exception {
    Clients clients = Clients.open(wsUri(""), n);
    try {
      awaitConnections(n);
      long[] cold = rounds(clients, rounds, () -> broadcast(frameBytes));
      rounds(clients, warmRounds, () -> broadcast(frameBytes));
      long[] warm = rounds(clients, rounds, () -> broadcast(frameBytes));
      report("floor (bare Micronaut WebSocketBroadcaster)", n, cold, warm, warmRounds);
      System.out.printf(Locale.ROOT, "  frame size                    %d bytes%n", clients.lastFrameBytes);
      System.out.printf(Locale.ROOT, "RESULT floor clients=%d cold_median_ms=%d cold_slowest_ms=%d warm_median_ms=%d frame_bytes=%d%n",
          n, median(cold), max(cold), median(warm), clients.lastFrameBytes);
    } finally {
      clients.closeAll();
      awaitConnections(0);
    }
  }

  interface Send {
    void run() throws Exception;
  }

  long[] rounds(Clients clients, int rounds, Send send) throws Exception {
    long[] millis = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      clients.expect(nextMarker, 1);
      long classesBefore = classesLoaded();
      send.run();
      if (!clients.await(120)) {
        throw new IllegalStateException("round " + (r + 1) + ": not delivered to all within 120 s");
      }
      millis[r] = ms(clients.stats(sentAt).lastReceipt - sentAt[nextMarker - 1]);
      if (classesBefore >= 0) {
        System.out.printf("  round %d: %d ms, %d classes loaded by the server meanwhile%n",
            r + 1, millis[r], classesLoaded() - classesBefore);
        if (r == 0 && System.getenv("SERVER_CLASS_LOG_SHOW") != null) {
          try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(System.getenv("SERVER_CLASS_LOG")))) {
            lines.skip(classesBefore).forEach(l -> System.out.println("    " + l));
          }
        }
      }
    }
    return millis;
  }

  /**
   * Lines in the server's -Xlog:class+load file when SERVER_CLASS_LOG names it (the script sets it
   * with CLASS_LOG=1), else -1: how many classes the first rounds still load.
   */
  static long classesLoaded() throws Exception {
    String file = System.getenv("SERVER_CLASS_LOG");
    if (file == null) {
      return -1;
    }
    try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(file))) {
      return lines.count();
    }
  }

  static void report(String what, int n, long[] cold, long[] warm, int warmRounds) {
    System.out.printf(Locale.ROOT, "%n== fan-out, %s: %,d clients, one message per round, request sent -> last client has it ==%n", what, n);
    System.out.printf(Locale.ROOT, "  cold rounds (fresh JVM)       %s ms%n", join(cold));
    System.out.printf(Locale.ROOT, "  cold median / slowest         %d ms / %d ms%n", median(cold), max(cold));
    System.out.printf(Locale.ROOT, "  warm rounds (after %d more)   %s ms, median %d ms%n", warmRounds, join(warm), median(warm));
    System.out.printf(Locale.ROOT, "  round 1 / warm median         %.1f x%n", (double) cold[0] / Math.max(1, median(warm)));
  }

  static String join(long[] a) {
    StringBuilder s = new StringBuilder();
    for (long v : a) {
      s.append(s.length() == 0 ? "" : ", ").append(v);
    }
    return s.toString();
  }

  static long median(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static long max(long[] a) {
    return Arrays.stream(a).max().orElse(0);
  }

  // ---------------------------------------------------------------- requests

  String createPost(String title) throws Exception {
    return field(call("POST", "/api/v1/posts", token, "{\"title\":\"" + title + "\"}"), "id");
  }

  void postComment(String post) throws Exception {
    HttpResponse<String> r = postCommentAsync(post).get(60, TimeUnit.SECONDS);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST comment -> " + r.statusCode() + " " + r.body());
    }
  }

  CompletableFuture<HttpResponse<String>> postCommentAsync(String post) {
    int marker = nextMarker++;
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/posts/" + post + "/comments"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"m-" + marker + "\"}"))
            .build();
    sentAt[marker] = System.nanoTime();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A comment.created-shaped frame of frameBytes bytes, its content the next marker. */
  void broadcast(int frameBytes) throws Exception {
    int marker = nextMarker++;
    String head = "{\"type\":\"comment.created\",\"eventId\":\"" + UUID.randomUUID()
        + "\",\"data\":{\"postId\":\"" + UUID.randomUUID() + "\",\"comment\":{\"id\":\"" + UUID.randomUUID()
        + "\",\"seq\":" + (marker + 1) + ",\"content\":\"m-" + marker + "\",\"pad\":\"";
    String tail = "\"}},\"timestamp\":\"2026-11-30T00:00:00Z\"}";
    String frame = head + "x".repeat(Math.max(0, frameBytes - head.length() - tail.length())) + tail;
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/probe/broadcast"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(frame))
            .build();
    sentAt[marker] = System.nanoTime();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("POST /probe/broadcast -> " + r.statusCode() + " " + r.body());
    }
  }

  URI wsUri(String query) {
    return URI.create(base.toString().replaceFirst("^http", "ws") + "/ws" + (query.isEmpty() ? "" : "?" + query));
  }

  /** livecomments_push_frames_total by kind (single, batch), from GET /prometheus. */
  Map<String, Long> pushFrames() throws Exception {
    Map<String, Long> byKind = new LinkedHashMap<>();
    if (probe) {
      return byKind;
    }
    Matcher m = FRAMES.matcher(call("GET", "/prometheus", null, null));
    while (m.find()) {
      byKind.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return byKind;
  }

  void awaitConnections(int n) throws Exception {
    String path = probe ? "/probe/connections" : "/api/v1/websocket/connections";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      int count = Integer.parseInt(fieldNumber(call("GET", path, null, null), "connectionCount"));
      if (count == n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("expected " + n + " connections, have " + count);
      }
      Thread.sleep(100); // polling the server's count, bounded by the deadline
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

  static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  // ---------------------------------------------------------------- clients

  /** What the clients saw in the current phase, summed over clients. */
  static final class Stats {
    long delivered;
    long completeClients;
    long orderViolations;
    long duplicates;
    long frames;
    long batchFrames;
    long lastReceipt;
    long[] latencies = new long[0];
    String p99ByTenth = "";

    long p(int percentile) {
      if (latencies.length == 0) {
        return -1;
      }
      int i = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
      return ms(latencies[Math.max(0, Math.min(latencies.length - 1, i))]);
    }
  }

  /** Many WebSocket clients on one HttpClient; each checks its own deliveries. */
  static final class Clients {
    final List<WebSocket> sockets = new ArrayList<>();
    final List<Listener> listeners = new ArrayList<>();
    volatile int firstMarker;
    volatile int markers;
    volatile CountDownLatch done = new CountDownLatch(0);
    volatile int lastFrameBytes;

    static Clients open(URI ws, int n) throws Exception {
      Clients clients = new Clients();
      HttpClient http = HttpClient.newHttpClient();
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

    /** The next phase: markers first .. first+count-1, each to reach every client once. */
    void expect(int first, int count) {
      for (Listener l : listeners) {
        l.reset(count);
      }
      firstMarker = first;
      markers = count;
      done = new CountDownLatch(listeners.size());
    }

    boolean await(int seconds) throws InterruptedException {
      return done.await(seconds, TimeUnit.SECONDS);
    }

    Stats stats(long[] sentAt) {
      Stats s = new Stats();
      List<long[]> all = new ArrayList<>();
      List<List<Long>> tenths = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        tenths.add(new ArrayList<>());
      }
      int total = 0;
      for (Listener l : listeners) {
        synchronized (l) {
          s.delivered += l.delivered;
          s.completeClients += l.delivered == markers ? 1 : 0;
          s.orderViolations += l.orderViolations;
          s.duplicates += l.duplicates;
          s.frames += l.frames;
          s.batchFrames += l.batchFrames;
          long[] lat = new long[l.delivered];
          int k = 0;
          for (int i = 0; i < l.receivedAt.length; i++) {
            if (l.receivedAt[i] != 0) {
              s.lastReceipt = Math.max(s.lastReceipt, l.receivedAt[i]);
              lat[k++] = l.receivedAt[i] - sentAt[firstMarker + i];
              tenths.get(Math.min(9, i * 10 / Math.max(1, markers))).add(lat[k - 1]);
            }
          }
          all.add(lat);
          total += k;
        }
      }
      s.latencies = new long[total];
      int at = 0;
      for (long[] lat : all) {
        System.arraycopy(lat, 0, s.latencies, at, lat.length);
        at += lat.length;
      }
      Arrays.sort(s.latencies);
      StringBuilder byTenth = new StringBuilder();
      for (List<Long> tenth : tenths) {
        long[] sorted = tenth.stream().mapToLong(Long::longValue).sorted().toArray();
        long p99 = sorted.length == 0 ? -1 : ms(sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)]);
        byTenth.append(byTenth.length() == 0 ? "" : " / ").append(p99);
      }
      s.p99ByTenth = byTenth.toString();
      return s;
    }

    void closeAll() {
      for (WebSocket socket : sockets) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      }
    }

    final class Listener implements WebSocket.Listener {
      final StringBuilder partial = new StringBuilder();
      final Set<String> eventIds = new HashSet<>();
      final Set<Long> keys = new HashSet<>();
      long lastKey;
      long[] receivedAt = new long[0];
      int delivered;
      int orderViolations;
      int duplicates;
      int frames;
      int batchFrames;

      synchronized void reset(int count) {
        receivedAt = new long[count];
        delivered = 0;
        orderViolations = 0;
        duplicates = 0;
        frames = 0;
        batchFrames = 0;
      }

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          long now = System.nanoTime();
          String text = partial.toString();
          partial.setLength(0);
          lastFrameBytes = text.getBytes(StandardCharsets.UTF_8).length;
          onFrame(Json.parse(text), now);
        }
        socket.request(1);
        return null;
      }

      @SuppressWarnings("unchecked")
      synchronized void onFrame(Object frame, long now) {
        frames++;
        Map<String, Object> message = (Map<String, Object>) frame;
        if ("batch".equals(message.get("type"))) {
          batchFrames++;
          Map<String, Object> data = (Map<String, Object>) message.get("data");
          for (Object inner : (List<Object>) data.get("messages")) {
            onMessage((Map<String, Object>) inner, now);
          }
        } else {
          onMessage(message, now);
        }
      }

      @SuppressWarnings("unchecked")
      void onMessage(Map<String, Object> message, long now) {
        if (!"comment.created".equals(message.get("type"))) {
          return;
        }
        Map<String, Object> data = (Map<String, Object>) message.get("data");
        Map<String, Object> comment = (Map<String, Object>) data.get("comment");
        Object rev = data.get("rev");
        Object key = rev != null ? rev : comment.get("seq");
        boolean duplicate = !eventIds.add(String.valueOf(message.get("eventId")));
        if (key instanceof Long k) {
          if (!keys.add(k)) {
            duplicate = true;
          } else if (k < lastKey) {
            orderViolations++;
          }
          lastKey = Math.max(lastKey, k);
        }
        if (duplicate) {
          duplicates++;
          return;
        }
        String content = String.valueOf(comment.get("content"));
        if (!content.startsWith("m-")) {
          return;
        }
        int i = Integer.parseInt(content.substring(2)) - firstMarker;
        if (i >= 0 && i < receivedAt.length && receivedAt[i] == 0) {
          receivedAt[i] = now;
          if (++delivered == receivedAt.length) {
            done.countDown();
          }
        }
      }
    }
  }

  /** Just enough JSON for the frames: objects, arrays, strings, integers, true/false/null. */
  static final class Json {
    final String s;
    int i;

    Json(String s) {
      this.s = s;
    }

    static Object parse(String s) {
      return new Json(s).value();
    }

    Object value() {
      skip();
      char c = s.charAt(i);
      switch (c) {
        case '{': {
          Map<String, Object> m = new LinkedHashMap<>();
          i++;
          skip();
          if (s.charAt(i) == '}') {
            i++;
            return m;
          }
          while (true) {
            skip();
            String k = string();
            skip();
            i++; // ':'
            m.put(k, value());
            skip();
            if (s.charAt(i++) == '}') {
              return m;
            }
          }
        }
        case '[': {
          List<Object> l = new ArrayList<>();
          i++;
          skip();
          if (s.charAt(i) == ']') {
            i++;
            return l;
          }
          while (true) {
            l.add(value());
            skip();
            if (s.charAt(i++) == ']') {
              return l;
            }
          }
        }
        case '"':
          return string();
        case 't':
          i += 4;
          return Boolean.TRUE;
        case 'f':
          i += 5;
          return Boolean.FALSE;
        case 'n':
          i += 4;
          return null;
        default: {
          int start = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
          }
          String num = s.substring(start, i);
          return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
        }
      }
    }

    String string() {
      StringBuilder b = new StringBuilder();
      i++; // opening quote
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
    }

    void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
