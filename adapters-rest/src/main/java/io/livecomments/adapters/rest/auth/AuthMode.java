package io.livecomments.adapters.rest.auth;

/** Where bearer tokens come from ({@code livecomments.auth.mode}). */
public enum AuthMode {
  /** HS256 tokens that this service signs itself at {@code POST /api/v1/dev/tokens}. */
  DEV,
  /** Firebase ID tokens: Google's securetoken keys, issuer and audience from the project id. */
  FIREBASE,
  /** Any OIDC provider: RS256/ES256 keys from a JWKS URL, with a fixed issuer and audience. */
  JWKS;

  public static final String PROPERTY = "livecomments.auth.mode";
}
