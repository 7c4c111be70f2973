package io.livecomments.adapters.rest.problem;

import io.livecomments.domain.AccessDeniedException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** A known caller who may not do this (not the author) gets a 403. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class AccessDeniedHandler extends ProblemHandler<AccessDeniedException> {

  public AccessDeniedHandler(Problems problems) {
    super(problems, HttpStatus.FORBIDDEN, ProblemKind.FORBIDDEN);
  }
}
