package io.livecomments.application.service.push;

import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Management API that answers each push after a random delay, some with 429, and records what
 * each connection received, unwrapping batch frames, as a client would see it. It also notes when
 * two pushes to one connection were in flight at once.
 */
final class GatewayDouble implements ConnectionMessenger, AutoCloseable {

  /** Test messages are {@code {"m":"<label>"}}, optionally padded, so a batch is easy to unwrap. */
  private static final Pattern MESSAGE =
      Pattern.compile("\\{\"m\":\"([^\"]*)\"(,\"pad\":\"x*\")?}");

  private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
  private final int maxDelayMicros;
  private final double throttledShare;
  private final Map<ConnectionId, List<String>> received = new ConcurrentHashMap<>();
  private final Map<ConnectionId, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final AtomicInteger batchFrames = new AtomicInteger();
  private final AtomicInteger singleFrames = new AtomicInteger();
  private final AtomicInteger largestFrame = new AtomicInteger();
  private final Map<ConnectionId, AtomicInteger> batchesTo = new ConcurrentHashMap<>();

  GatewayDouble(int maxDelayMicros, double throttledShare) {
    this.maxDelayMicros = maxDelayMicros;
    this.throttledShare = throttledShare;
  }

  static String message(String label) {
    return "{\"m\":\"" + label + "\"}";
  }

  static String paddedMessage(String label, int padding) {
    return "{\"m\":\"" + label + "\",\"pad\":\"" + "x".repeat(padding) + "\"}";
  }

  @Override
  public CompletionStage<PushOutcome> push(ConnectionId connectionId, String frame) {
    if (inFlight.computeIfAbsent(connectionId, c -> new AtomicInteger()).incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    largestFrame.accumulateAndGet(
        frame.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, Math::max);
    CompletableFuture<PushOutcome> answer = new CompletableFuture<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean throttled = random.nextDouble() < throttledShare;
    answers.schedule(
        () -> {
          if (!throttled) {
            record(connectionId, frame);
          }
          inFlight.get(connectionId).decrementAndGet();
          answer.complete(throttled ? new PushOutcome.Throttled() : PushOutcome.DELIVERED);
        },
        random.nextInt(maxDelayMicros + 1),
        TimeUnit.MICROSECONDS);
    return answer;
  }

  private void record(ConnectionId connectionId, String frame) {
    List<String> labels = new ArrayList<>();
    Matcher matcher = MESSAGE.matcher(frame);
    while (matcher.find()) {
      labels.add(matcher.group(1));
    }
    if (frame.startsWith("{\"type\":\"batch\"")) {
      batchFrames.incrementAndGet();
      batchesTo.computeIfAbsent(connectionId, c -> new AtomicInteger()).incrementAndGet();
      if (labels.size() < 2) {
        throw new AssertionError("a batch of fewer than two messages: " + frame);
      }
    } else {
      singleFrames.incrementAndGet();
      if (labels.size() != 1) {
        throw new AssertionError("a single frame that is not one message: " + frame);
      }
    }
    received.computeIfAbsent(connectionId, c -> new ArrayList<>());
    synchronized (received.get(connectionId)) {
      received.get(connectionId).addAll(labels);
    }
  }

  /** What the connection received, in arrival order, batches unwrapped. */
  List<String> receivedBy(ConnectionId connectionId) {
    List<String> labels = received.getOrDefault(connectionId, List.of());
    synchronized (labels) {
      return List.copyOf(labels);
    }
  }

  int overlaps() {
    return overlaps.get();
  }

  int batchFrames() {
    return batchFrames.get();
  }

  int batchesTo(ConnectionId connectionId) {
    AtomicInteger count = batchesTo.get(connectionId);
    return count == null ? 0 : count.get();
  }

  int singleFrames() {
    return singleFrames.get();
  }

  int largestFrame() {
    return largestFrame.get();
  }

  @Override
  public void close() {
    answers.shutdownNow();
  }
}
