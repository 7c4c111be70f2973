package io.livecomments.adapters.rest.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * No valid token where one is needed: 401 with {@code WWW-Authenticate: Bearer} (RFC 6750), saying
 * {@code invalid_token} when a token was sent but did not verify. A valid token without the right
 * to act: 403.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationProblemHandler
    implements ExceptionHandler<AuthorizationException, HttpResponse<?>> {

  static final String INVALID_TOKEN_CHALLENGE =
      "Bearer error=\"invalid_token\", error_description=\"The token is malformed, expired or not trusted\"";

  private final Problems problems;

  public AuthorizationProblemHandler(Problems problems) {
    this.problems = problems;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
    if (exception.isForbidden()) {
      return problems.of(
          request, HttpStatus.FORBIDDEN, ProblemKind.FORBIDDEN, "You may not do this.");
    }
    boolean tokenSent = request.getHeaders().getAuthorization().isPresent();
    String challenge = tokenSent ? INVALID_TOKEN_CHALLENGE : "Bearer";
    return problems
        .of(
            request,
            HttpStatus.UNAUTHORIZED,
            ProblemKind.UNAUTHENTICATED,
            tokenSent
                ? "The bearer token is not valid: it is malformed, expired, not signed by a trusted key, or meant for another issuer or audience."
                : "This request needs an Authorization: Bearer <JWT> header.")
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge);
  }
}
