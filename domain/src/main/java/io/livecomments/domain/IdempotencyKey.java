package io.livecomments.domain;

/** A client's name for one attempt to create something, so that a retry does not create twice. */
public record IdempotencyKey(String value) {

  public static final int MAX_LENGTH = 128;

  public IdempotencyKey {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new InvalidValueException(
          "Idempotency-Key", "Idempotency-Key must be 1 to 128 characters");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new InvalidValueException("Idempotency-Key", "Idempotency-Key must be printable ASCII");
    }
  }
}
