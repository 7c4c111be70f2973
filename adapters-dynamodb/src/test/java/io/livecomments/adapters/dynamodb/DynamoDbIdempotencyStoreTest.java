package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.IdempotencyStoreContractTest;

/** The idempotency store contract, against DynamoDB Local over HTTP. */
class DynamoDbIdempotencyStoreTest extends IdempotencyStoreContractTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();

  @Override
  protected IdempotencyStore newStore() {
    return new DynamoDbIdempotencyStore(STORES.enhanced(), STORES.tables());
  }
}
