package io.livecomments.adapters.rest.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.JwtTokenValidator;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Turns a valid bearer token into an {@link Authentication}; an invalid one into nothing, which
 * leaves the request anonymous (and so refused wherever a login is needed).
 */
@Singleton
@Replaces(JwtTokenValidator.class)
public class BearerTokenValidator implements TokenValidator<HttpRequest<?>> {

  /** The attribute that carries the display name of the caller. */
  public static final String USERNAME = "username";

  private final JwtVerifier verifier;
  private final ExecutorService blocking;

  public BearerTokenValidator(
      JwtVerifier verifier, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.verifier = verifier;
    this.blocking = blocking;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    if (!verifier.usesRemoteKeys()) {
      return verify(token);
    }
    // Fetching a key set can block for a moment; keep it off the event loop.
    return Publishers.fromCompletableFuture(
        () -> CompletableFuture.supplyAsync(() -> authenticate(token), blocking));
  }

  private Publisher<Authentication> verify(String token) {
    Authentication authentication = authenticate(token);
    return authentication == null ? Publishers.empty() : Publishers.just(authentication);
  }

  private Authentication authenticate(String token) {
    return verifier
        .verify(token)
        .map(user -> Authentication.build(user.userId(), Map.of(USERNAME, user.username())))
        .orElse(null);
  }
}
