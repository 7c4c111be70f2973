package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.problem.ProblemKind;
import io.livecomments.adapters.rest.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

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
  public @Nullable HttpResponse<?> limitBody(HttpRequest<?> request) {
    long length = request.getContentLength();
    if (length <= MAX_BODY_BYTES) {
      return null;
    }
    return problems.of(
        request,
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        ProblemKind.BODY_TOO_LARGE,
        "The body is %d bytes; the API takes at most %d".formatted(length, MAX_BODY_BYTES));
  }
}
