package io.livecomments.config;

import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.Envelope;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.service.push.TokenBucket;
import io.livecomments.domain.ConnectionId;
import io.livecomments.localgateway.LocalConnections;
import io.livecomments.localgateway.WebSocketGateway;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a bounded number of pushes, right after the server starts, to a connection id that cannot
 * exist. Without it the first fan-out after a deploy builds the AWS SDK client (hundreds of
 * classes: the client, its interceptors, the SigV4 signer, Netty's pipeline), opens the pool's
 * connections one push at a time, and runs all of it interpreted; that made round 1 several times
 * slower than round 10 (docs/benchmarks.md). Each warm-up push takes the same path as a real one as
 * far as the gateway: encoding a frame, signing, the pool, the Management API request, and on the
 * local gateway its controller. Both API Gateway and the local gateway answer 410 for an unknown id
 * and do nothing else, so no client receives anything. The pushes go to the messenger directly, not
 * through the pusher, so the registry and the push metrics never see them.
 *
 * <p>It runs on its own thread after the server is up, so readiness never waits for it; it stops
 * after {@link PushWarmUpConfiguration#timeout()} whatever it has sent.
 */
@Singleton
@Requires(property = BroadcastMode.PROPERTY, value = "apigateway")
@Requires(property = "livecomments.push.warmup.enabled", notEquals = "false")
public class PushWarmUp implements ApplicationEventListener<ServerStartupEvent> {

  /**
   * Never an id: API Gateway's and the local gateway's ids are 16 characters of base64, which has
   * no {@code -}.
   */
  public static final ConnectionId NO_SUCH_CONNECTION = new ConnectionId("livecomments-warm-up");

  private static final Logger LOG = LoggerFactory.getLogger(PushWarmUp.class);

  /** How long a stop waits for the warm-up's pushes in flight (they settle in milliseconds). */
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** About the size of a comment.created frame, so that the same buffer sizes are exercised. */
  private static final String FILLER = "warm-up ".repeat(40);

  /** What a warm-up did: how many pushes, their outcomes by kind, how long it took. */
  public record Report(int pushes, Map<String, Integer> outcomes, Duration took) {}

  private final ConnectionMessenger messenger;
  private final BeanProvider<Broadcaster> broadcaster;
  private final MessageEncoder encoder;
  private final PushWarmUpConfiguration config;
  private final TokenBucket budget;
  private final BeanProvider<LocalConnections> localGateway;
  private final boolean pushesGoToLocalGateway;
  private final JsonMapper json;
  private final int concurrency;
  private final CompletableFuture<Report> done = new CompletableFuture<>();
  private volatile boolean stopping;
  private volatile Thread running;

  public PushWarmUp(
      ConnectionMessenger messenger,
      BeanProvider<Broadcaster> broadcaster,
      MessageEncoder encoder,
      PushWarmUpConfiguration config,
      ApiGatewayConfiguration apiGateway,
      TokenBucket budget,
      BeanProvider<LocalConnections> localGateway,
      JsonMapper json) {
    this.localGateway = localGateway;
    // The local gateway may run beside a configured Management API; only its own pushes go to it.
    this.pushesGoToLocalGateway = apiGateway.configuredEndpoint().isEmpty();
    this.json = json;
    this.messenger = messenger;
    this.budget = budget;
    this.broadcaster = broadcaster;
    this.encoder = encoder;
    this.config = config;
    // As many in flight as a fan-out may have, so that the pool opens the connections it will use.
    this.concurrency = Math.max(1, apiGateway.maxConcurrency());
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    int port = event.getSource().getPort();
    Thread thread =
        new Thread(
            () -> {
              try {
                done.complete(runAtStart(port));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
              } catch (RuntimeException e) {
                LOG.warn("Push warm-up failed; the first fan-out will be slower", e);
                done.completeExceptionally(e);
              }
            },
            "livecomments-push-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    running = thread;
    thread.start();
  }

  /**
   * A stop during the warm-up ends it and waits (briefly) for its pushes in flight, so that the
   * messenger's event loops are not shut down under them.
   */
  @PreDestroy
  void stop() throws InterruptedException {
    stopping = true;
    Thread thread = running;
    if (thread != null) {
      thread.join(STOP_WAIT.toMillis());
    }
  }

  /** Completes once the warm-up that started with the server has finished. */
  public CompletionStage<Report> finished() {
    return done;
  }

  /** Takes a push from the budget, waiting for it until the deadline; false if it passed. */
  private boolean withinBudget(long deadline) throws InterruptedException {
    while (!budget.tryTake()) {
      long wait = budget.nanosUntilAvailable();
      if (System.nanoTime() + wait > deadline) {
        return false;
      }
      TimeUnit.NANOSECONDS.sleep(Math.max(wait, 100_000));
    }
    return true;
  }

  /**
   * With the local gateway on, the warm-up pushes to a client of its own (a real connection through
   * the local gateway, closed afterwards), which warms the whole path a fan-out takes here, both
   * sides of the Management API included; it answers 410s ten times slower than it delivers, so the
   * same time buys many more pushes. Against API Gateway, or if that client cannot connect, it
   * pushes to a connection that cannot exist.
   */
  private Report runAtStart(int port) throws InterruptedException {
    if (pushesGoToLocalGateway && localGateway.isPresent() && config.localPushes() > 0) {
      long deadline = System.nanoTime() + config.timeout().toNanos();
      try (WarmUpClient client =
          WarmUpClient.connect(port, WebSocketGateway.PATH, json, Duration.ofSeconds(10))) {
        ConnectionId own = new ConnectionId(client.connectionId(Duration.ofSeconds(10)));
        return run(own, config.localPushes(), deadline, "a warm-up client of the local gateway");
      } catch (IOException | TimeoutException e) {
        LOG.info("Push warm-up could not connect to the local gateway ({}); pushing to no one", e);
      }
    }
    return run();
  }

  /** One warm-up: up to the configured number of pushes, within the timeout. */
  public Report run() throws InterruptedException {
    return run(
        NO_SUCH_CONNECTION,
        config.pushes(),
        System.nanoTime() + config.timeout().toNanos(),
        "a connection that cannot exist");
  }

  private Report run(ConnectionId target, int count, long deadline, String what)
      throws InterruptedException {
    long start = System.nanoTime();
    // Singletons are built at first use: the fan-out's (broadcaster, pusher, their executors) here
    // rather than in the first comment's request.
    broadcaster.get();
    Semaphore slots = new Semaphore(concurrency);
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    int sent = 0;
    while (!stopping
        && sent < count
        && slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      // Warm-up pushes count against the account's callback quota like any other.
      if (!withinBudget(deadline)) {
        slots.release();
        break;
      }
      String frame =
          encoder.encode(
              new Envelope(
                  UUID.randomUUID(),
                  Instant.now(),
                  new OutboundMessage.TestBroadcast(FILLER + sent)));
      messenger
          .push(target, frame)
          .whenComplete(
              (outcome, error) -> {
                String kind = error != null ? "error" : name(outcome);
                outcomes.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                slots.release();
              });
      sent++;
    }
    // The last ones settle within the SDK's read timeout; waiting for them keeps the report true.
    slots.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    Map<String, Integer> counts = new TreeMap<>();
    outcomes.forEach((k, v) -> counts.put(k, v.get()));
    Report report = new Report(sent, counts, Duration.ofNanos(System.nanoTime() - start));
    LOG.info(
        "Push path warmed up: {} pushes to {} in {} ms, outcomes {}",
        report.pushes(),
        what,
        report.took().toMillis(),
        report.outcomes());
    return report;
  }

  private static String name(PushOutcome outcome) {
    return outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }
}
