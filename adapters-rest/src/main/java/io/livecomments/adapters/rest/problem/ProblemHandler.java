package io.livecomments.adapters.rest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;

/** Maps one kind of exception to one status and problem type; subclasses name the pairing. */
abstract class ProblemHandler<E extends Throwable> implements ExceptionHandler<E, HttpResponse<?>> {

  private final Problems problems;
  private final HttpStatus status;
  private final ProblemKind kind;

  ProblemHandler(Problems problems, HttpStatus status, ProblemKind kind) {
    this.problems = problems;
    this.status = status;
    this.kind = kind;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, E exception) {
    return decorate(problems.of(request, status, kind, detail(exception)), exception);
  }

  /** What the client is told; the exception's message unless a subclass knows better. */
  String detail(E exception) {
    return exception.getMessage();
  }

  /** Extra headers for this kind of problem. */
  MutableHttpResponse<?> decorate(MutableHttpResponse<?> response, E exception) {
    return response;
  }
}
