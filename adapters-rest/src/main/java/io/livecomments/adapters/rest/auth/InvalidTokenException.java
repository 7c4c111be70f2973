package io.livecomments.adapters.rest.auth;

/** A token handed over outside the Authorization header (the {@code token} of $connect) is bad. */
public final class InvalidTokenException extends RuntimeException {

  public InvalidTokenException() {
    super(
        "The token is not valid: it is malformed, expired, not signed by a trusted key, or meant"
            + " for another issuer or audience.",
        null,
        false,
        false);
  }
}
