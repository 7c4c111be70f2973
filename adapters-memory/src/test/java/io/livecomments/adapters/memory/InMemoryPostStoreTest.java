package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.PostStoreContractTest;

class InMemoryPostStoreTest extends PostStoreContractTest {

  @Override
  protected PostStore newStore() {
    return new InMemoryPostStore();
  }
}
