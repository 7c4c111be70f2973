package io.livecomments.adapters.rest.problem;

import io.livecomments.application.port.in.ChangesExpiredException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/**
 * Changes past the retention are a 410 of their own type, so that a client knows to re-read the
 * post's comments rather than retry.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class ChangesExpiredHandler extends ProblemHandler<ChangesExpiredException> {

  public ChangesExpiredHandler(Problems problems) {
    super(problems, HttpStatus.GONE, ProblemKind.CHANGES_EXPIRED);
  }
}
