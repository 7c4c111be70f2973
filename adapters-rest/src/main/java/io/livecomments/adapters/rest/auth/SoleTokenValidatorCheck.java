package io.livecomments.adapters.rest.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.validator.TokenValidator;
import java.util.List;

/**
 * Refuses to start if any token validator besides ours is active: any one of them that accepts a
 * token authenticates the request, so a lenient library default would open the API.
 */
@Context
public class SoleTokenValidatorCheck {

  SoleTokenValidatorCheck(List<TokenValidator<HttpRequest<?>>> validators) {
    List<String> others =
        validators.stream()
            .filter(v -> !(v instanceof BearerTokenValidator))
            .map(v -> v.getClass().getName())
            .toList();
    if (!others.isEmpty()) {
      throw new ConfigurationException(
          "Token validators other than BearerTokenValidator are active: "
              + others
              + ". Set micronaut.security.token.jwt.nimbus.reactive-validator and .validator to false.");
    }
  }
}
