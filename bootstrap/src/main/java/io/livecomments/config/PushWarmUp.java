package io.livecomments.config;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.Envelope;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.application.service.push.ConnectionPusher;
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
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the push path right after the server starts. Without it the first fan-out after a deploy
 * builds the HTTP client and signer, opens the pool's connections one push at a time, and runs all
 * of it interpreted; that made round 1 several times slower than round 10 (docs/benchmarks.md).
 *
 * <p>Against API Gateway it sends {@link PushWarmUpConfiguration#pushes()} pushes to a connection
 * id that cannot exist, straight through the messenger (encoding, signing, the pool, the request);
 * API Gateway answers 410 and delivers nothing. With the local gateway it connects {@link
 * #LOCAL_CLIENTS} WebSocket clients of its own and fans {@link
 * PushWarmUpConfiguration#localPushes()} pushes out to them through a {@link ConnectionPusher} of
 * its own: the whole path of a fan-out here, outboxes and batches included, and both sides of the
 * local gateway. Neither way touches the push metrics, and no other client receives anything.
 *
 * <p>It runs on its own thread after the server is up; readiness is DOWN until it is done, and it
 * stops after {@link PushWarmUpConfiguration#timeout()} whatever it has sent.
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

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** About the size of a comment.created frame, so that the same buffer sizes are exercised. */
  private static final String FILLER = "warm-up ".repeat(40);

  /** What a warm-up did: how many pushes, their outcomes by kind, how long it took. */
  public record Report(int pushes, Map<String, Integer> outcomes, Duration took) {}

  /**
   * Warm-up clients of the local gateway: pushes go through a pusher of the warm-up's own, and a
   * pusher sends one push per connection at a time, so several keep it as busy as a fan-out.
   */
  public static final int LOCAL_CLIENTS = 16;

  /** Fan-outs to the warm-up clients in progress at once; more would overflow their outboxes. */
  private static final int LOCAL_FAN_OUTS = 4;

  private final ConnectionMessenger messenger;
  private final ConnectionRegistry registry;
  private final ExecutorService pushThreads;
  private final ScheduledExecutorService timer;
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
      ConnectionRegistry registry,
      @Named(PushFactory.PUSH_EXECUTOR) ExecutorService pushThreads,
      ScheduledExecutorService timer,
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
    this.registry = registry;
    this.pushThreads = pushThreads;
    this.timer = timer;
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
      List<WarmUpClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < LOCAL_CLIENTS; i++) {
          clients.add(WarmUpClient.connect(port, WebSocketGateway.PATH, json, CONNECT_TIMEOUT));
        }
        List<Recipient> recipients = new ArrayList<>();
        for (WarmUpClient client : clients) {
          ConnectionId id = new ConnectionId(client.connectionId(CONNECT_TIMEOUT));
          // Half of them take batches, so that the batch path is warm too.
          recipients.add(new Recipient(id, recipients.size() % 2 == 0));
        }
        return fanOut(recipients, config.localPushes(), deadline);
      } catch (IOException | TimeoutException e) {
        LOG.info("Push warm-up could not connect to the local gateway ({}); pushing to no one", e);
      } finally {
        clients.forEach(WarmUpClient::close);
      }
    }
    return run();
  }

  /**
   * Fan-outs to the warm-up clients through a pusher of the warm-up's own (the same code as the
   * service's, with no metrics), until {@code count} pushes or the deadline: the whole path of a
   * fan-out here, the pusher's outboxes and batches, the messenger, and both sides of the local
   * gateway's Management API.
   */
  private Report fanOut(List<Recipient> recipients, int count, long deadline)
      throws InterruptedException {
    long start = System.nanoTime();
    broadcaster.get();
    ConnectionPusher pusher =
        new ConnectionPusher(
            messenger,
            registry,
            concurrency,
            new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
            pushThreads,
            timer,
            PushMetrics.none(),
            budget,
            IdGenerator.random(),
            Clock.systemUTC(),
            Duration.ZERO);
    Semaphore fanOuts = new Semaphore(LOCAL_FAN_OUTS);
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    int sent = 0;
    while (!stopping
        && sent < count
        && fanOuts.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      List<Recipient> audience = recipients.subList(0, Math.min(recipients.size(), count - sent));
      pusher
          .pushToAll(audience, frame(sent))
          .whenComplete(
              (report, error) -> {
                if (report != null) {
                  count(outcomes, "delivered", report.delivered());
                  count(outcomes, "gone", report.gone());
                  count(outcomes, "failed", report.failed());
                }
                fanOuts.release();
              });
      sent += audience.size();
    }
    // Every fan-out has settled (and been counted) once all the permits are back.
    if (!fanOuts.tryAcquire(
        LOCAL_FAN_OUTS, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      pusher.stop();
    }
    return report(
        sent, outcomes, start, recipients.size() + " warm-up clients of the local gateway");
  }

  private String frame(int n) {
    return encoder.encode(
        new Envelope(
            UUID.randomUUID(), Instant.now(), new OutboundMessage.TestBroadcast(FILLER + n)));
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
      messenger
          .push(target, frame(sent))
          .whenComplete(
              (outcome, error) -> {
                count(outcomes, error != null ? "error" : name(outcome), 1);
                slots.release();
              });
      sent++;
    }
    // The last ones settle within the SDK's read timeout; waiting for them keeps the report true.
    slots.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    return report(sent, outcomes, start, what);
  }

  private static void count(Map<String, AtomicInteger> outcomes, String kind, int n) {
    if (n > 0) {
      outcomes.computeIfAbsent(kind, k -> new AtomicInteger()).addAndGet(n);
    }
  }

  /** The warm-up's report, also logged: pushes sent, outcomes by kind, how long it took. */
  private static Report report(
      int sent, Map<String, AtomicInteger> outcomes, long start, String what) {
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
