package io.livecomments.domain;

/** A business rule said no. Subclasses carry the data a caller needs to explain why. */
public abstract class DomainException extends RuntimeException {

  protected DomainException(String message) {
    super(message, null, false, false);
  }
}
