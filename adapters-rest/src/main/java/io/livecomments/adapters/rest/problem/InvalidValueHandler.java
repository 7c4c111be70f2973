package io.livecomments.adapters.rest.problem;

import io.livecomments.domain.InvalidValueException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A value that breaks its rules is a 400 naming the field in {@code errors}. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class InvalidValueHandler
    implements ExceptionHandler<InvalidValueException, HttpResponse<?>> {

  private final Problems problems;

  public InvalidValueHandler(Problems problems) {
    this.problems = problems;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, InvalidValueException exception) {
    return problems.invalidField(request, exception.field(), exception.getMessage());
  }
}
