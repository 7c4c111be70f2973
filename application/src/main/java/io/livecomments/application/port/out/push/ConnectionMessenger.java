package io.livecomments.application.port.out.push;

import io.livecomments.domain.ConnectionId;
import java.util.concurrent.CompletionStage;

/**
 * Sends one text frame to one connection through the gateway (API Gateway's {@code POST
 * /@connections/{id}}). Never throws and never completes exceptionally: every failure is a {@link
 * PushOutcome}.
 */
@FunctionalInterface
public interface ConnectionMessenger {

  CompletionStage<PushOutcome> push(ConnectionId connectionId, String frame);
}
