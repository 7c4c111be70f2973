package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.CommentStoreContractTest;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.ConnectionRegistryContractTest;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.IdempotencyStoreContractTest;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.PostStoreContractTest;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same port contracts against Amazon's {@code amazon/dynamodb-local} image, where Docker runs.
 * Without Docker, Testcontainers reports the whole class as skipped ("Docker is not available");
 * the in-process tests ({@code DynamoDb*StoreTest}) cover the same contracts everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class DynamoDbLocalContainerTest {

  @Container
  static final GenericContainer<?> DYNAMODB =
      new GenericContainer<>(DockerImageName.parse("amazon/dynamodb-local:3.1.0"))
          .withCommand("-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb")
          .withExposedPorts(8000);

  private static LocalDynamoDb.Stores stores;

  static synchronized LocalDynamoDb.Stores stores() {
    if (stores == null) {
      URI endpoint =
          URI.create("http://" + DYNAMODB.getHost() + ":" + DYNAMODB.getMappedPort(8000));
      stores = LocalDynamoDb.Stores.create(EmbeddedDynamoDb.localClient(endpoint), "container-");
    }
    return stores;
  }

  @Nested
  class Comments extends CommentStoreContractTest {
    @Override
    protected CommentStore newStore(Clock clock, Duration retention) {
      return new DynamoDbCommentStore(
          stores().enhanced(),
          stores().tables(),
          DynamoDbCommentStore.DEFAULT_APPEND_RETRIES,
          StoreMetrics.none(),
          clock,
          retention);
    }
  }

  @Nested
  class Posts extends PostStoreContractTest {
    @Override
    protected PostStore newStore() {
      return new DynamoDbPostStore(stores().enhanced(), stores().tables());
    }
  }

  @Nested
  class Idempotency extends IdempotencyStoreContractTest {
    @Override
    protected IdempotencyStore newStore() {
      return new DynamoDbIdempotencyStore(stores().enhanced(), stores().tables());
    }
  }

  @Nested
  class Connections extends ConnectionRegistryContractTest {
    @Override
    protected ConnectionRegistry newRegistry() {
      return new DynamoDbConnectionRegistry(
          stores().enhanced(), stores().tables(), Clock.systemUTC(), Duration.ofHours(24));
    }
  }
}
