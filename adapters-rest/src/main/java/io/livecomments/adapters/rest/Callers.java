package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.auth.BearerTokenValidator;
import io.livecomments.domain.Author;
import io.livecomments.domain.UserId;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;

/** Turns Micronaut's view of the caller into ours. */
final class Callers {

  private Callers() {}

  static Author author(Authentication authentication) {
    Object username = authentication.getAttributes().get(BearerTokenValidator.USERNAME);
    return new Author(
        new UserId(authentication.getName()), username instanceof String name ? name : null);
  }

  /** The caller, or a 401 for routes that are open to all but need a login in this variant. */
  static Author required(Authentication authentication) {
    if (authentication == null) {
      throw new AuthorizationException(null);
    }
    return author(authentication);
  }
}
