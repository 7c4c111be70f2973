package io.livecomments.adapters.rest.problem;

import io.livecomments.adapters.rest.auth.InvalidTokenException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;

/** A bad token outside the Authorization header: 401, with the same challenge as the header's. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class InvalidTokenHandler extends ProblemHandler<InvalidTokenException> {

  public InvalidTokenHandler(Problems problems) {
    super(problems, HttpStatus.UNAUTHORIZED, ProblemKind.UNAUTHENTICATED);
  }

  @Override
  MutableHttpResponse<?> decorate(MutableHttpResponse<?> response, InvalidTokenException e) {
    return response.header(
        HttpHeaders.WWW_AUTHENTICATE, AuthorizationProblemHandler.INVALID_TOKEN_CHALLENGE);
  }
}
