package io.livecomments.config;

import io.livecomments.adapters.apigateway.ApiGatewayConnectionMessenger;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.util.concurrent.CompletionStage;

/** The Management API messenger, built at the first push and closed with the application. */
final class LazyConnectionMessenger implements ConnectionMessenger, AutoCloseable {

  private final Memoized<ApiGatewayConnectionMessenger> messenger;

  LazyConnectionMessenger(Memoized<ApiGatewayConnectionMessenger> messenger) {
    this.messenger = messenger;
  }

  @Override
  public CompletionStage<PushOutcome> push(ConnectionId connectionId, String frame) {
    return messenger.get().push(connectionId, frame);
  }

  @Override
  public void close() {
    messenger.ifBuilt().ifPresent(ApiGatewayConnectionMessenger::close);
  }
}
