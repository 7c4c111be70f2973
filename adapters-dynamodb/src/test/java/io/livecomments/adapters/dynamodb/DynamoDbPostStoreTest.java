package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.PostStoreContractTest;

/** The post store contract, against DynamoDB Local over HTTP. */
class DynamoDbPostStoreTest extends PostStoreContractTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();

  @Override
  protected PostStore newStore() {
    return new DynamoDbPostStore(STORES.enhanced(), STORES.tables());
  }
}
