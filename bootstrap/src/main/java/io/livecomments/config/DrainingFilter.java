package io.livecomments.config;

import io.livecomments.logging.RequestIdFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * While a stop drains, the REST API and new WebSocket connections answer 503, so a load balancer
 * moves clients elsewhere. The Management API and the integration calls for connections that are
 * already open stay served, because the draining pushes and their clients' frames need them. So do
 * the health endpoints, where readiness reports DOWN for the drain's length.
 */
@ServerFilter("/**")
public class DrainingFilter implements Ordered {

  private static final String PROBLEM =
      "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
          + "\"detail\":\"The service is stopping; try again in a moment\"}";

  private final GracefulShutdown shutdown;

  DrainingFilter(GracefulShutdown shutdown) {
    this.shutdown = shutdown;
  }

  /**
   * Before everything but the request id: a stopping service does no work on a request it refuses,
   * and its refusal still carries an {@code X-Request-Id} and an access log line.
   */
  @Override
  public int getOrder() {
    return RequestIdFilter.ORDER + 1;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> refuseWhileDraining(HttpRequest<?> request) {
    if (!shutdown.isDraining() || stillServed(request.getPath())) {
      return null;
    }
    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .header(HttpHeaders.CONNECTION, "close")
        .contentType("application/problem+json")
        .body(PROBLEM);
  }

  private static boolean stillServed(String path) {
    boolean refused =
        path.equals("/ws")
            || path.startsWith("/ws/")
            || (path.startsWith("/api/")
                && !path.equals("/api/v1/websocket/default")
                && !path.equals("/api/v1/websocket/disconnect"));
    return !refused;
  }
}
