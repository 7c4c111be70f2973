package io.livecomments.domain;

/** The identity provider's subject ({@code sub}); opaque to us. */
public record UserId(String value) {

  public static final int MAX_LENGTH = 128;

  public UserId {
    if (value == null || value.isBlank()) {
      throw new InvalidValueException("userId", "userId is required");
    }
    if (value.length() > MAX_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidValueException(
          "userId", "userId must be at most 128 characters without control characters");
    }
  }
}
