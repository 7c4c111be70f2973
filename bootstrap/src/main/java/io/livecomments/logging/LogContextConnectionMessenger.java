package io.livecomments.logging;

import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A messenger whose answers arrive in the log context of the push. The gateway's answer completes
 * on one of the HTTP client's threads, and everything the pusher does next (retrying, forgetting a
 * gone connection, logging, reporting the fan-out) runs there; completing our own future inside the
 * captured context makes those steps log with the request id that caused the push.
 */
public final class LogContextConnectionMessenger implements ConnectionMessenger {

  private final ConnectionMessenger messenger;

  public LogContextConnectionMessenger(ConnectionMessenger messenger) {
    this.messenger = messenger;
  }

  @Override
  public CompletionStage<PushOutcome> push(ConnectionId connectionId, String frame) {
    Map<String, String> context = LogContext.capture();
    CompletableFuture<PushOutcome> answer = new CompletableFuture<>();
    messenger
        .push(connectionId, frame)
        .whenComplete(
            (outcome, error) ->
                LogContext.runWith(
                    context,
                    () -> {
                      if (error != null) {
                        answer.completeExceptionally(error);
                      } else {
                        answer.complete(outcome);
                      }
                    }));
    return answer;
  }
}
