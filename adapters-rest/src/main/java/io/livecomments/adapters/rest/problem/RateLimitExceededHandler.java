package io.livecomments.adapters.rest.problem;

import io.livecomments.application.port.in.RateLimitExceededException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** Too many writes: 429 with the whole seconds to wait in {@code Retry-After}. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class RateLimitExceededHandler extends ProblemHandler<RateLimitExceededException> {

  public RateLimitExceededHandler(Problems problems) {
    super(problems, HttpStatus.TOO_MANY_REQUESTS, ProblemKind.RATE_LIMITED);
  }

  @Override
  MutableHttpResponse<?> decorate(MutableHttpResponse<?> response, RateLimitExceededException e) {
    return response.header(
        HttpHeaders.RETRY_AFTER,
        String.valueOf(RateLimitExceededException.retryAfterSeconds(e.retryAfter())));
  }
}
