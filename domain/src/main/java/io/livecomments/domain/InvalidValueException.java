package io.livecomments.domain;

/** A value offered for {@code field} breaks the rules for that field. */
public final class InvalidValueException extends DomainException {

  private final String field;

  public InvalidValueException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
