package io.livecomments.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every request an id ({@link RequestIds}), puts it in the log context of everything the
 * request runs, echoes it on the response as {@code X-Request-Id}, and writes the access log line.
 * It comes before every other filter, so that the answers of those filters (the 503 of a draining
 * stop, micronaut-security's 401, a 413) carry the id and are logged too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {

  /** The first of all filters; {@code DrainingFilter} comes right after. */
  public static final int ORDER = HIGHEST_PRECEDENCE;

  private static final String ATTRIBUTE = RequestIdFilter.class.getName();

  /** What the response filter needs of its request. */
  private record Started(String requestId, long startedNanos) {}

  private final AccessLog accessLog = new AccessLog();

  @Override
  public int getOrder() {
    return ORDER;
  }

  @RequestFilter
  public void identify(HttpRequest<?> request, MutablePropagatedContext propagated) {
    String requestId = RequestIds.acceptOrGenerate(request.getHeaders().get(RequestIds.HEADER));
    request.setAttribute(ATTRIBUTE, new Started(requestId, System.nanoTime()));
    Map<String, String> context = new HashMap<>();
    context.put(LogContext.REQUEST_ID, requestId);
    connectionId(request).ifPresent(id -> context.put(LogContext.CONNECTION_ID, id));
    propagated.add(new MdcPropagationContext(context));
  }

  @ResponseFilter
  public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
    Optional<Started> started = request.getAttribute(ATTRIBUTE, Started.class);
    // A request that failed before the filters ran (a malformed one) still gets an id.
    String requestId = started.map(Started::requestId).orElseGet(RequestIds::generate);
    response.getHeaders().set(RequestIds.HEADER, requestId);
    long nanos = started.map(s -> System.nanoTime() - s.startedNanos()).orElse(0L);
    Map<String, String> context = new HashMap<>();
    context.put(LogContext.REQUEST_ID, requestId);
    connectionId(request).ifPresent(id -> context.put(LogContext.CONNECTION_ID, id));
    LogContext.runWith(context, () -> accessLog.log(request, response.code(), nanos));
  }

  /**
   * The connection a request names: API Gateway's proxy-style integration calls and {@code
   * delivery=websocket} reads carry it in {@code X-Connection-Id}, the latter also as the {@code
   * connectionId} parameter. Only a plausible id goes into the logs.
   */
  private static Optional<String> connectionId(HttpRequest<?> request) {
    String named = request.getHeaders().get("X-Connection-Id");
    if (named == null) {
      named = request.getParameters().get("connectionId");
    }
    return RequestIds.isAcceptable(named) ? Optional.of(named) : Optional.empty();
  }
}
