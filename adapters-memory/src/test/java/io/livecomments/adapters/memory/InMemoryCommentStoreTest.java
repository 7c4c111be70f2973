package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.CommentStoreContractTest;

class InMemoryCommentStoreTest extends CommentStoreContractTest {

  @Override
  protected CommentStore newStore() {
    return new InMemoryCommentStore();
  }
}
