package io.livecomments.adapters.rest.problem;

import io.livecomments.domain.PostNotFoundException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** An unknown post is a 404. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class PostNotFoundHandler extends ProblemHandler<PostNotFoundException> {

  public PostNotFoundHandler(Problems problems) {
    super(problems, HttpStatus.NOT_FOUND, ProblemKind.NOT_FOUND);
  }
}
