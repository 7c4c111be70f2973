package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.CommentStoreContractTest;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import java.time.Clock;
import java.time.Duration;

/** The comment store contract, against DynamoDB Local over HTTP. */
class DynamoDbCommentStoreTest extends CommentStoreContractTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();

  @Override
  protected CommentStore newStore(Clock clock, Duration retention) {
    return new DynamoDbCommentStore(
        STORES.enhanced(),
        STORES.tables(),
        DynamoDbCommentStore.DEFAULT_APPEND_RETRIES,
        StoreMetrics.none(),
        clock,
        retention);
  }
}
