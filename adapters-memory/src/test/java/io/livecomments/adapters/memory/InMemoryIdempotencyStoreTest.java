package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.IdempotencyStoreContractTest;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContractTest {

  @Override
  protected IdempotencyStore newStore() {
    return new InMemoryIdempotencyStore();
  }
}
