package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.ConnectionRegistryContractTest;
import java.time.Clock;
import java.time.Duration;

/**
 * The connection registry contract, against DynamoDB Local over HTTP, counting at every call (the
 * interval's own behaviour is in {@link DynamoDbConnectionCountTest}).
 */
class DynamoDbConnectionRegistryTest extends ConnectionRegistryContractTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();

  @Override
  protected ConnectionRegistry newRegistry() {
    return new DynamoDbConnectionRegistry(
        STORES.enhanced(),
        STORES.tables(),
        Clock.systemUTC(),
        Duration.ofHours(24),
        Duration.ZERO,
        DynamoDbConnectionRegistry.DEFAULT_CHANGE_RETRIES);
  }
}
