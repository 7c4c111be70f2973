package io.livecomments.adapters.rest.problem;

import io.livecomments.application.port.in.IdempotencyConflictException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** A key held by a request in flight, or by a deleted comment, is a 409. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class IdempotencyConflictHandler extends ProblemHandler<IdempotencyConflictException> {

  public IdempotencyConflictHandler(Problems problems) {
    super(problems, HttpStatus.CONFLICT, ProblemKind.IDEMPOTENCY_CONFLICT);
  }
}
