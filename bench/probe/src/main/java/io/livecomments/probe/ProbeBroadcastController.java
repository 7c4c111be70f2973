package io.livecomments.probe;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.websocket.WebSocketBroadcaster;

/**
 * Sends the request body, unchanged, as one text frame to every open {@code /ws} session: the
 * "bare Micronaut WebSocketBroadcaster" floor that the service's fan-out is compared with.
 */
@Controller("/probe")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ProbeBroadcastController {

  /** How many sessions are open. */
  @Serdeable
  public record Sessions(int connectionCount) {}

  private final WebSocketBroadcaster broadcaster;
  private final ProbeWebSocket sockets;

  public ProbeBroadcastController(WebSocketBroadcaster broadcaster, ProbeWebSocket sockets) {
    this.broadcaster = broadcaster;
    this.sockets = sockets;
  }

  /**
   * Answers 202 at once, like the service's POST answers before its fan-out: the bench times the
   * request to the last client's receipt either way. {@code broadcastAsync} writes to every open
   * session from their own event loops.
   */
  @Post(value = "/broadcast", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<Sessions> broadcast(@Body String frame) {
    broadcaster.broadcastAsync(frame, MediaType.TEXT_PLAIN_TYPE);
    return HttpResponse.accepted().body(new Sessions(sockets.open()));
  }

  @Get("/connections")
  public Sessions connections() {
    return new Sessions(sockets.open());
  }
}
