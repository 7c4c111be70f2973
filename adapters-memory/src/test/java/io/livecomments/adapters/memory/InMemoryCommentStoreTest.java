package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.CommentStoreContractTest;
import java.time.Clock;
import java.time.Duration;

class InMemoryCommentStoreTest extends CommentStoreContractTest {

  @Override
  protected CommentStore newStore(Clock clock, Duration retention) {
    return new InMemoryCommentStore(clock, retention);
  }
}
