package io.livecomments.adapters.rest.problem;

import io.livecomments.application.port.out.StoreUnavailableException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** The store is down or throttling: 503, nothing was written, and the client may retry. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class StoreUnavailableHandler extends ProblemHandler<StoreUnavailableException> {

  public StoreUnavailableHandler(Problems problems) {
    super(problems, HttpStatus.SERVICE_UNAVAILABLE, ProblemKind.STORE_UNAVAILABLE);
  }

  @Override
  String detail(StoreUnavailableException exception) {
    return "The comment store is unavailable right now; nothing was changed. Please retry.";
  }

  @Override
  MutableHttpResponse<?> decorate(MutableHttpResponse<?> response, StoreUnavailableException e) {
    return response.header(HttpHeaders.RETRY_AFTER, "1");
  }
}
