package io.livecomments.adapters.rest.problem;

import io.livecomments.domain.CommentNotFoundException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** An unknown or deleted comment is a 404. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class CommentNotFoundHandler extends ProblemHandler<CommentNotFoundException> {

  public CommentNotFoundHandler(Problems problems) {
    super(problems, HttpStatus.NOT_FOUND, ProblemKind.NOT_FOUND);
  }
}
