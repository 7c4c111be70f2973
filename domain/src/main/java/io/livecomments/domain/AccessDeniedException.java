package io.livecomments.domain;

/** The caller is known but may not do this, e.g. edit somebody else's comment. */
public final class AccessDeniedException extends DomainException {

  public AccessDeniedException(String message) {
    super(message);
  }
}
