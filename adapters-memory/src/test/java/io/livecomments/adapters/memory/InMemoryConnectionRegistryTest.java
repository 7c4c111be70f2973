package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.ConnectionRegistryContractTest;

class InMemoryConnectionRegistryTest extends ConnectionRegistryContractTest {

  @Override
  protected ConnectionRegistry newRegistry() {
    return new InMemoryConnectionRegistry();
  }
}
