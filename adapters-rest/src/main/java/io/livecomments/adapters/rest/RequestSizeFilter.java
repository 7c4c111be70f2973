package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.problem.ProblemKind;
import io.livecomments.adapters.rest.problem.Problems;
import io.livecomments.adapters.rest.websocket.IntegrationSecretFilter;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableByteBody;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Holds API bodies to 64 KiB. The server's own limit is set higher, to 129 KiB, because the local
 * gateway's Management API on the same port must take 128 KiB messages; this filter keeps the REST
 * API at its contract's 64 KiB, judged by Content-Length before any byte is read.
 */
@ServerFilter("/api/**")
public class RequestSizeFilter {

  public static final long MAX_BODY_BYTES = 64 * 1024;

  private final Problems problems;

  public RequestSizeFilter(Problems problems) {
    this.problems = problems;
  }

  @RequestFilter
  public CompletableFuture<Optional<HttpResponse<?>>> limitBody(HttpRequest<?> request) {
    if (IntegrationSecretFilter.isGatewayEndpoint(request.getPath())) {
      return NO_OBJECTION;
    }
    long length = request.getContentLength();
    if (length > MAX_BODY_BYTES) {
      return CompletableFuture.completedFuture(Optional.of(tooLarge(request, length)));
    }
    boolean chunked = length < 0 && request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    if (!chunked || !(request instanceof ServerHttpRequest<?> server)) {
      return NO_OBJECTION;
    }
    // The copy drives the reading: nothing consumes the original until the route runs.
    CloseableByteBody copy = server.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST);
    return copy.buffer()
        .thenApply(
            body -> {
              try (body) {
                long size = body.length();
                return size > MAX_BODY_BYTES
                    ? Optional.<HttpResponse<?>>of(tooLarge(request, size))
                    : Optional.<HttpResponse<?>>empty();
              }
            });
  }

  private static final CompletableFuture<Optional<HttpResponse<?>>> NO_OBJECTION =
      CompletableFuture.completedFuture(Optional.empty());

  private HttpResponse<?> tooLarge(HttpRequest<?> request, long length) {
    return problems.of(
        request,
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        ProblemKind.BODY_TOO_LARGE,
        "The body is %d bytes; the API takes at most %d".formatted(length, MAX_BODY_BYTES));
  }
}
