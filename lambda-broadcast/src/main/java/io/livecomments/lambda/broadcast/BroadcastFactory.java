package io.livecomments.lambda.broadcast;

import io.livecomments.adapters.apigateway.ApiGatewayConnectionMessenger;
import io.livecomments.adapters.dynamodb.DynamoDbConnectionRegistry;
import io.livecomments.adapters.dynamodb.DynamoDbTables;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.service.push.ConnectionPusher;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The bridge's wiring, the service's parts put together with {@code new}: the DynamoDB connection
 * registry, the Management API messenger and the application's {@link ConnectionPusher}. Building
 * them opens no connection and resolves no credential; both happen at the first invocation.
 */
@Factory
class BroadcastFactory {

  /**
   * How long a connection lives without activity; the service's value. The bridge registers no
   * connection, but reads skip the items whose time is up.
   */
  static final Duration CONNECTION_TTL = Duration.ofHours(24);

  @Singleton
  @Bean(preDestroy = "close")
  DynamoDbClient dynamoDbClient(RegistryConfiguration registry, AwsConfiguration aws) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .region(aws.awsRegion())
            .httpClient(UrlConnectionHttpClient.create())
            // As in the service: three attempts with jittered backoff, a few seconds at most.
            .overrideConfiguration(
                c ->
                    c.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .build())
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .apiCallTimeout(Duration.ofSeconds(8)));
    URI endpoint = registry.endpoint();
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    builder.credentialsProvider(
        endpoint != null && isLoopback(endpoint)
            // DynamoDB Local accepts any credentials; none need to exist.
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
            : DefaultCredentialsProvider.builder().build());
    return builder.build();
  }

  @Singleton
  ConnectionRegistry connectionRegistry(DynamoDbClient client, RegistryConfiguration registry) {
    return new DynamoDbConnectionRegistry(
        DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(),
        new DynamoDbTables(registry.tablePrefix()),
        Clock.systemUTC(),
        CONNECTION_TTL);
  }

  @Singleton
  @Bean(preDestroy = "close")
  ApiGatewayConnectionMessenger connectionMessenger(
      ManagementApiConfiguration managementApi, AwsConfiguration aws) {
    return ApiGatewayConnectionMessenger.create(
        managementApi.endpoint(), aws.awsRegion(), managementApi.maxConcurrency());
  }

  /** Retries and registry clean-up; its threads block, and the handler waits for it to settle. */
  @Singleton
  @Bean(preDestroy = "close")
  SettlingExecutor pushBackground(PushConfiguration push) {
    return new SettlingExecutor(
        Executors.newFixedThreadPool(push.threads(), daemonThreads("livecomments-push-")));
  }

  @Singleton
  @Bean(preDestroy = "shutdownNow")
  ScheduledExecutorService retryTimer() {
    return Executors.newSingleThreadScheduledExecutor(daemonThreads("livecomments-retry-"));
  }

  @Singleton
  ConnectionPusher connectionPusher(
      ApiGatewayConnectionMessenger messenger,
      ConnectionRegistry registry,
      ManagementApiConfiguration managementApi,
      PushConfiguration push,
      SettlingExecutor background,
      ScheduledExecutorService retryTimer) {
    return new ConnectionPusher(
        messenger,
        registry,
        managementApi.maxConcurrency(),
        push.retryPolicy(),
        background,
        retryTimer);
  }

  @Singleton
  BridgeFanOut bridgeFanOut(
      ConnectionRegistry registry, ConnectionPusher pusher, SettlingExecutor background) {
    return new BridgeFanOut(registry, pusher, background);
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
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
