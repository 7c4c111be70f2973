package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.CommentStoreContractTest;

/** The comment store contract, against DynamoDB Local over HTTP. */
class DynamoDbCommentStoreTest extends CommentStoreContractTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();

  @Override
  protected CommentStore newStore() {
    return new DynamoDbCommentStore(STORES.enhanced(), STORES.tables());
  }
}
