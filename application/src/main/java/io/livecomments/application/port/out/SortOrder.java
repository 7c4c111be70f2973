package io.livecomments.application.port.out;

import io.livecomments.domain.InvalidValueException;
import java.util.Locale;

/** Which end of a post's conversation a page starts from. */
public enum SortOrder {
  /** Oldest first, by increasing {@code seq}. */
  ASC,
  /** Newest first, by decreasing {@code seq}. */
  DESC;

  public static SortOrder parse(String value) {
    if (value == null) {
      return ASC;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "asc" -> ASC;
      case "desc" -> DESC;
      default -> throw new InvalidValueException("order", "order must be asc or desc");
    };
  }
}
