package io.livecomments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API Gateway's Management API as a misbehaving network sees it: each {@code POST
 * /@connections/{id}} is answered after a random delay, a share of them with 429, and recorded with
 * its arrival time. It notes when two pushes to one connection were in flight at once, and hands a
 * connection's messages back as its client would apply them (batch frames unwrapped, in arrival
 * order), so that tests can check order, loss and duplicates per client.
 *
 * <p>Must-show 3 (50 concurrent edits and deletes, {@code rev} order at every client) is meant to
 * be written on this: start the service with {@code livecomments.apigateway.endpoint} at {@link
 * #endpoint()}, a delay and a 429 share, then read each connection's {@link #messagesTo} and check
 * the post's {@code rev}s ascend. Until events carry {@code rev}, {@code PushBudgetTest} checks the
 * order by each comment's {@code seq}. Lives at {@code endpoint()/prod}.
 */
final class FakeManagementApi implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.createDefault();

  /** One push the gateway answered; {@code throttled} ones were not delivered. */
  record Push(String connectionId, String body, long arrivedAtNanos, boolean throttled) {}

  private final HttpServer server;

  /**
   * A thread per request in flight: a fixed pool would queue requests inside this fake, and hand
   * them to the handler (which timestamps them) in bunches that the service never sent.
   */
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private final int maxDelayMillis;
  private final double throttledShare;
  private final List<Push> pushes = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger overlaps = new AtomicInteger();

  /**
   * @param maxDelayMillis each answer waits up to this long, at random
   * @param throttledShare this share of pushes is answered 429 (and not delivered)
   */
  FakeManagementApi(int maxDelayMillis, double throttledShare) {
    this.maxDelayMillis = maxDelayMillis;
    this.throttledShare = throttledShare;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/prod/@connections/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    String raw = exchange.getRequestURI().getRawPath();
    String id = URLDecoder.decode(raw.substring(raw.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    AtomicInteger mine = inFlight.computeIfAbsent(id, c -> new AtomicInteger());
    // The start-up warm-up pushes to one id that cannot exist, many at once on purpose.
    if (mine.incrementAndGet() > 1
        && !id.equals(io.livecomments.config.PushWarmUp.NO_SUCH_CONNECTION.value())) {
      overlaps.incrementAndGet();
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean throttled = random.nextDouble() < throttledShare;
    try {
      // The gateway's own latency, simulated: answers come back in any order.
      TimeUnit.MILLISECONDS.sleep(random.nextInt(maxDelayMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pushes.add(new Push(id, body, arrived, throttled));
    mine.decrementAndGet();
    if (throttled) {
      byte[] problem = "{\"message\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(429, problem.length);
      exchange.getResponseBody().write(problem);
    } else {
      exchange.sendResponseHeaders(200, -1);
    }
    exchange.close();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prod");
  }

  List<Push> pushes() {
    return List.copyOf(pushes);
  }

  /** Times two pushes to one connection overlapped; 0 when pushes are ordered. */
  int overlaps() {
    return overlaps.get();
  }

  /** The messages the connection's client received, batch frames unwrapped, in arrival order. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> messagesTo(String connectionId) {
    List<Map<String, Object>> messages = new ArrayList<>();
    for (Push push : pushes) {
      if (push.throttled() || !push.connectionId().equals(connectionId)) {
        continue;
      }
      Map<String, Object> frame = parse(push.body());
      if ("batch".equals(frame.get("type"))) {
        messages.addAll(
            (List<Map<String, Object>>) ((Map<String, Object>) frame.get("data")).get("messages"));
      } else {
        messages.add(frame);
      }
    }
    return messages;
  }

  private static Map<String, Object> parse(String frame) {
    try {
      return JSON.readValue(
          frame.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException("Not a JSON frame: " + frame, e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
