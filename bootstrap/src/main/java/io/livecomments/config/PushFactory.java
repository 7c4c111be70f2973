package io.livecomments.config;

import io.livecomments.adapters.apigateway.ApiGatewayConnectionMessenger;
import io.livecomments.adapters.apigateway.HttpBridgePublisher;
import io.livecomments.adapters.apigateway.json.JsonMessageEncoder;
import io.livecomments.adapters.memory.InMemoryRateLimiter;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.FanOutBroadcaster;
import io.livecomments.application.service.push.Frames;
import io.livecomments.application.service.push.RealtimeCommentPublisher;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.regions.Region;

/** The write limit and the real-time path: messenger, pusher, broadcaster, publisher. */
@Factory
public class PushFactory {

  static final String PUSH_EXECUTOR = "livecomments-push";

  @Singleton
  RateLimiter rateLimiter(
      @Property(name = "livecomments.rate-limit.comments-per-minute") int perMinute, Clock clock) {
    return new InMemoryRateLimiter(perMinute, clock);
  }

  /** Fan-outs and retries: a bounded pool, because its threads block for back-pressure. */
  @Singleton
  @Named(PUSH_EXECUTOR)
  @Bean(preDestroy = "shutdownNow")
  ExecutorService pushExecutor() {
    return Executors.newFixedThreadPool(16, daemonThreads("livecomments-push-"));
  }

  @Singleton
  @Bean(preDestroy = "shutdownNow")
  ScheduledExecutorService retryTimer() {
    return Executors.newSingleThreadScheduledExecutor(daemonThreads("livecomments-retry-"));
  }

  /**
   * The Management API messenger. Its default endpoint is this service's own local gateway, whose
   * port is known only once the server runs, so the SDK client is built at the first push.
   */
  @Singleton
  @Bean(preDestroy = "close")
  LazyConnectionMessenger connectionMessenger(
      @Nullable @Property(name = "livecomments.apigateway.endpoint") String endpoint,
      @Property(name = "livecomments.apigateway.max-concurrency") int maxConcurrency,
      @Property(name = "aws.region") String region,
      BeanProvider<EmbeddedServer> server) {
    return new LazyConnectionMessenger(
        new Memoized<>(
            () ->
                ApiGatewayConnectionMessenger.create(
                    endpointOrSelf(endpoint, server), Region.of(region), maxConcurrency)));
  }

  @Singleton
  ConnectionPusher connectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      @Property(name = "livecomments.apigateway.max-concurrency") int maxConcurrency,
      @Named(PUSH_EXECUTOR) ExecutorService background,
      ScheduledExecutorService retryTimer) {
    return new ConnectionPusher(
        messenger,
        registry,
        maxConcurrency,
        new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2)),
        background,
        retryTimer);
  }

  /** The JSON of pushed messages, written by the application's own serializer. */
  @Singleton
  MessageEncoder messageEncoder(JsonMapper json) {
    return new JsonMessageEncoder(json);
  }

  @Singleton
  Frames frames(MessageEncoder encoder, IdGenerator ids, Clock clock) {
    return new Frames(encoder, ids, clock);
  }

  @Singleton
  @Requires(property = AdapterSelection.BROADCAST, value = "apigateway")
  Broadcaster fanOut(
      ConnectionRegistry registry,
      ConnectionPusher pusher,
      @Named(PUSH_EXECUTOR) ExecutorService background) {
    return new FanOutBroadcaster(registry, pusher, background);
  }

  @Singleton
  @Requires(property = AdapterSelection.BROADCAST, value = "http-bridge")
  Broadcaster httpBridge(
      @Nullable @Property(name = "livecomments.http-bridge.endpoint") String endpoint,
      @Property(name = "livecomments.http-bridge.stage") String stage,
      BeanProvider<EmbeddedServer> server) {
    Memoized<HttpBridgePublisher> bridge =
        new Memoized<>(() -> new HttpBridgePublisher(endpointOrSelf(endpoint, server), stage));
    return (topic, frame) -> bridge.get().broadcast(topic, frame);
  }

  @Singleton
  @Requires(property = AdapterSelection.BROADCAST, value = "none")
  Broadcaster noBroadcaster() {
    return (topic, frame) -> {};
  }

  @Singleton
  CommentEventPublisher commentEvents(
      @Property(name = AdapterSelection.BROADCAST) String broadcast,
      Frames frames,
      Broadcaster broadcaster) {
    return "none".equals(broadcast)
        ? CommentEventPublisher.none()
        : new RealtimeCommentPublisher(frames, broadcaster);
  }

  /** The configured endpoint, or this very server (its local gateway) when none is set. */
  static URI endpointOrSelf(@Nullable String endpoint, BeanProvider<EmbeddedServer> server) {
    if (endpoint != null && !endpoint.isBlank()) {
      return URI.create(endpoint.trim());
    }
    return URI.create("http://127.0.0.1:" + server.get().getPort());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
