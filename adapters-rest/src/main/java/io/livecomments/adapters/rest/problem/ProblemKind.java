package io.livecomments.adapters.rest.problem;

/**
 * The problem types this API reports beyond plain HTTP statuses, so that clients can branch on
 * {@code type} rather than parse {@code detail}.
 */
public enum ProblemKind {
  VALIDATION_FAILED("validation-failed", "Request is not valid"),
  UNAUTHENTICATED("unauthenticated", "Authentication required"),
  FORBIDDEN("forbidden", "Not allowed"),
  NOT_FOUND("not-found", "Not found"),
  BODY_TOO_LARGE("body-too-large", "Request body too large"),
  IDEMPOTENCY_CONFLICT("idempotency-conflict", "Idempotency-Key in use"),
  RATE_LIMITED("rate-limited", "Too many requests"),
  CHANGES_EXPIRED("changes-expired", "Changes no longer kept"),
  STORE_UNAVAILABLE("store-unavailable", "Service temporarily unavailable");

  public static final String TYPE_PREFIX = "urn:livecomments:problem:";

  private final String slug;
  private final String title;

  ProblemKind(String slug, String title) {
    this.slug = slug;
    this.title = title;
  }

  public String type() {
    return TYPE_PREFIX + slug;
  }

  public String title() {
    return title;
  }
}
