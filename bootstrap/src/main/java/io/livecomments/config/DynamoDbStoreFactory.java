package io.livecomments.config;

import io.livecomments.adapters.dynamodb.DynamoDbCommentStore;
import io.livecomments.adapters.dynamodb.DynamoDbConnectionRegistry;
import io.livecomments.adapters.dynamodb.DynamoDbIdempotencyStore;
import io.livecomments.adapters.dynamodb.DynamoDbPostStore;
import io.livecomments.adapters.dynamodb.DynamoDbStoreProbe;
import io.livecomments.adapters.dynamodb.DynamoDbTables;
import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.StoreProbe;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * {@code livecomments.store=dynamodb} (DynamoDB, or anything speaking its API at {@code
 * livecomments.dynamodb.endpoint}) and {@code embedded} (DynamoDB Local inside this process, its
 * data in {@code livecomments.data-dir}). The client is Micronaut's ({@code micronaut-aws-sdk-v2}:
 * credentials chain, Apache HTTP client, closed at shutdown); this factory points it at the
 * endpoint and region.
 */
@Factory
@Requires(property = StoreMode.PROPERTY, pattern = "dynamodb|embedded")
public class DynamoDbStoreFactory {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStoreFactory.class);

  /** How long a connection stays registered without activity. */
  static final Duration CONNECTION_TTL = Duration.ofHours(24);

  /** Started before the client is built; stopped after the client is closed. */
  @Singleton
  @Requires(property = StoreMode.PROPERTY, value = "embedded")
  @Bean(preDestroy = "close")
  EmbeddedDynamoDb embeddedDynamoDb(LiveCommentsConfiguration service) {
    return EmbeddedDynamoDb.start(service.dataPath());
  }

  /** Points Micronaut's DynamoDB client builder at the configured or embedded endpoint. */
  @Singleton
  @Requires(property = StoreMode.PROPERTY, pattern = "dynamodb|embedded")
  static class ClientSettings implements BeanCreatedEventListener<DynamoDbClientBuilder> {
    private final StoreMode store;
    private final @Nullable URI endpoint;
    private final Region region;
    private final BeanProvider<EmbeddedDynamoDb> embedded;

    ClientSettings(
        LiveCommentsConfiguration service,
        DynamoDbConfiguration dynamoDb,
        AwsConfiguration aws,
        BeanProvider<EmbeddedDynamoDb> embedded) {
      this.store = service.store();
      this.endpoint = dynamoDb.endpoint();
      this.region = aws.awsRegion();
      this.embedded = embedded;
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
      DynamoDbClientBuilder builder = event.getBean();
      builder
          .region(region)
          // A request fails within seconds, as a 503, rather than holding its caller: three
          // attempts (the SDK's default for DynamoDB is nine, ~5 s against a dead endpoint), with
          // the standard jittered backoff, which also spaces out retries when throttled.
          .overrideConfiguration(
              c ->
                  c.retryStrategy(
                          AwsRetryStrategy.standardRetryStrategy().toBuilder()
                              .maxAttempts(3)
                              .build())
                      .apiCallAttemptTimeout(Duration.ofSeconds(3))
                      .apiCallTimeout(Duration.ofSeconds(8)));
      URI target = target();
      if (target != null) {
        builder.endpointOverride(target);
        if (isLoopback(target)) {
          // DynamoDB Local accepts any credentials; none need to exist on this machine.
          builder.credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
      }
      LOG.info("DynamoDB at {} ({})", target == null ? "AWS" : target, region);
      return builder;
    }

    private URI target() {
      return store == StoreMode.EMBEDDED ? embedded.get().endpoint() : endpoint;
    }

    private static boolean isLoopback(URI uri) {
      String host = uri.getHost();
      return host != null
          && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }
  }

  @Singleton
  DynamoDbEnhancedClient enhancedClient(DynamoDbClient client) {
    return DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
  }

  @Singleton
  DynamoDbTables tables(DynamoDbConfiguration dynamoDb) {
    return new DynamoDbTables(dynamoDb.tablePrefix());
  }

  /**
   * The tables at start: created when {@code livecomments.dynamodb.create-tables} is true (the
   * default under {@code embedded}), otherwise required to exist, which fails the start when they
   * do not. When DynamoDB cannot be reached then, the service starts anyway, answers 503, and tries
   * again every 5 seconds until the tables are ready.
   */
  @Context
  @Requires(property = StoreMode.PROPERTY, pattern = "dynamodb|embedded")
  static class TablesAtStart {
    private final DynamoDbClient client;
    private final DynamoDbTables tables;
    private final boolean create;
    private volatile boolean ready;

    TablesAtStart(
        DynamoDbClient client,
        DynamoDbTables tables,
        LiveCommentsConfiguration service,
        DynamoDbConfiguration dynamoDb) {
      this.client = client;
      this.tables = tables;
      this.create = dynamoDb.createTables(service.store());
      this.ready = tables.prepare(client, create);
    }

    @Scheduled(fixedDelay = "5s", initialDelay = "5s")
    void retryUntilReady() {
      if (ready) {
        return;
      }
      try {
        ready = tables.prepare(client, create);
      } catch (IllegalStateException e) {
        LOG.error("{}", e.getMessage());
      }
    }
  }

  /** Readiness: one DescribeTable per table, through the service's own client. */
  @Singleton
  StoreProbe storeProbe(DynamoDbClient client, DynamoDbTables tables) {
    return new DynamoDbStoreProbe(client, tables, DynamoDbStoreProbe.DEFAULT_TIMEOUT);
  }

  @Singleton
  PostStore postStore(DynamoDbEnhancedClient client, DynamoDbTables tables, StoreMetrics metrics) {
    return new DynamoDbPostStore(client, tables, metrics);
  }

  @Singleton
  CommentStore commentStore(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      StoreMetrics metrics,
      Clock clock,
      ChangesConfiguration changes) {
    return new DynamoDbCommentStore(
        client,
        tables,
        DynamoDbCommentStore.DEFAULT_APPEND_RETRIES,
        metrics,
        clock,
        changes.retention());
  }

  @Singleton
  IdempotencyStore idempotencyStore(
      DynamoDbEnhancedClient client, DynamoDbTables tables, StoreMetrics metrics) {
    return new DynamoDbIdempotencyStore(
        client, tables, DynamoDbIdempotencyStore.DEFAULT_CLAIM_RETRIES, metrics);
  }

  @Singleton
  ConnectionRegistry connectionRegistry(
      DynamoDbEnhancedClient client,
      DynamoDbTables tables,
      Clock clock,
      LiveCommentsConfiguration service,
      DynamoDbConfiguration dynamoDb,
      StoreMetrics metrics) {
    return new DynamoDbConnectionRegistry(
        client,
        tables,
        clock,
        CONNECTION_TTL,
        dynamoDb.connectionCountInterval(service.store()),
        DynamoDbConnectionRegistry.DEFAULT_CHANGE_RETRIES,
        metrics);
  }
}
