package io.livecomments.config;

import io.livecomments.adapters.apigateway.ApiGatewayConnectionMessenger;
import io.livecomments.adapters.apigateway.HttpBridgePublisher;
import io.livecomments.adapters.apigateway.json.JsonMessageEncoder;
import io.livecomments.adapters.memory.InMemoryRateLimiter;
import io.livecomments.adapters.rest.websocket.WebSocketConfiguration;
import io.livecomments.adapters.rest.websocket.WebSocketIntegrationController;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.MessageEncoder;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.FanOutBroadcaster;
import io.livecomments.application.service.push.Frames;
import io.livecomments.application.service.push.RealtimeCommentPublisher;
import io.livecomments.application.service.push.TokenBucket;
import io.livecomments.logging.LogContextConnectionMessenger;
import io.livecomments.logging.LogContextExecutors;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.DisabledBeanException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The write limit and the real-time path: messenger, pusher, broadcaster, publisher. */
@Factory
public class PushFactory {

  static final String PUSH_EXECUTOR = "livecomments-push";

  @Singleton
  RateLimiter rateLimiter(RateLimitConfiguration rateLimit, Clock clock) {
    return new InMemoryRateLimiter(rateLimit.commentsPerMinute(), clock);
  }

  /**
   * Fan-outs (their audience read), the pusher's drainers and retries: a bounded pool. Its tasks
   * run in the log context of whoever queued them, so push work logs the request id that caused it.
   */
  @Singleton
  @Named(PUSH_EXECUTOR)
  @Bean(preDestroy = "shutdownNow")
  ExecutorService pushExecutor(PushConfiguration push) {
    return LogContextExecutors.fixedPool(push.threads(), daemonThreads("livecomments-push-"));
  }

  @Singleton
  @Bean(preDestroy = "shutdownNow")
  ScheduledExecutorService retryTimer() {
    return LogContextExecutors.singleThreadScheduler(daemonThreads("livecomments-retry-"));
  }

  /**
   * The Management API messenger. Its default endpoint is this service's own local gateway, whose
   * port is known only once the server runs, so the SDK client is built at the first push.
   */
  @Singleton
  @Bean(preDestroy = "close")
  LazyConnectionMessenger connectionMessenger(
      ApiGatewayConfiguration apiGateway,
      AwsConfiguration aws,
      BeanProvider<EmbeddedServer> server) {
    return new LazyConnectionMessenger(
        new Memoized<>(
            () ->
                ApiGatewayConnectionMessenger.create(
                    orSelf(apiGateway.configuredEndpoint(), server),
                    aws.awsRegion(),
                    apiGateway.maxConcurrency())));
  }

  /** The configured Management API, for those who report it; absent means the local gateway. */
  @Singleton
  @Named(WebSocketIntegrationController.MANAGEMENT_ENDPOINT)
  URI managementEndpoint(ApiGatewayConfiguration apiGateway) {
    return apiGateway
        .configuredEndpoint()
        .orElseThrow(() -> new DisabledBeanException("Pushes go to this server's local gateway"));
  }

  /**
   * The push budget ({@code livecomments.push.max-rate}), one per instance: the pusher and the
   * start-up warm-up both draw from it, since the account's callback quota counts both.
   */
  @Singleton
  TokenBucket pushBudget(PushConfiguration push) {
    return TokenBucket.perSecond(push.maxRate(), System::nanoTime);
  }

  @Singleton
  ConnectionPusher connectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      ApiGatewayConfiguration apiGateway,
      PushConfiguration push,
      @Named(PUSH_EXECUTOR) ExecutorService background,
      ScheduledExecutorService retryTimer,
      PushMetrics metrics,
      IdGenerator ids,
      Clock clock,
      TokenBucket budget) {
    return new ConnectionPusher(
        new LogContextConnectionMessenger(messenger),
        registry,
        apiGateway.maxConcurrency(),
        push.retryPolicy(),
        background,
        retryTimer,
        metrics,
        budget,
        ids,
        clock,
        push.batchDelay());
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
  @Requires(property = BroadcastMode.PROPERTY, value = "apigateway")
  Broadcaster fanOut(
      ConnectionRegistry registry,
      ConnectionPusher pusher,
      @Named(PUSH_EXECUTOR) ExecutorService background) {
    return new FanOutBroadcaster(registry, pusher, background);
  }

  @Singleton
  @Requires(property = BroadcastMode.PROPERTY, value = "http-bridge")
  Broadcaster httpBridge(
      HttpBridgeConfiguration httpBridge,
      WebSocketConfiguration webSocket,
      BeanProvider<EmbeddedServer> server) {
    // The bridge checks the same secret as the integration endpoints (the stack gives both it).
    Optional<String> secret =
        webSocket.requiresSecret() ? Optional.of(webSocket.integrationSecret()) : Optional.empty();
    Memoized<HttpBridgePublisher> bridge =
        new Memoized<>(
            () ->
                new HttpBridgePublisher(
                    orSelf(httpBridge.configuredEndpoint(), server), httpBridge.stage(), secret));
    return (topic, type, frame) -> bridge.get().broadcast(topic, type, frame);
  }

  @Singleton
  @Requires(property = BroadcastMode.PROPERTY, value = "none")
  Broadcaster noBroadcaster() {
    return (topic, type, frame) -> {};
  }

  @Singleton
  CommentEventPublisher commentEvents(
      LiveCommentsConfiguration service,
      Frames frames,
      Broadcaster broadcaster,
      PushMetrics metrics) {
    return service.broadcast() == BroadcastMode.NONE
        ? CommentEventPublisher.none()
        : new RealtimeCommentPublisher(frames, broadcaster, metrics);
  }

  /** The configured endpoint, or this very server (its local gateway) when none is set. */
  static URI orSelf(Optional<URI> endpoint, BeanProvider<EmbeddedServer> server) {
    return endpoint.orElseGet(() -> URI.create("http://127.0.0.1:" + server.get().getPort()));
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
