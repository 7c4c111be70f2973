package io.livecomments.adapters.rest;

import io.livecomments.domain.InvalidValueException;

/** Parses query parameters ourselves, so that bad values get a 400 naming the parameter. */
final class QueryParams {

  private QueryParams() {}

  static long longOr(String name, String value, long fallback, long min, long max) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same message as an out-of-range number.
    }
    throw new InvalidValueException(
        name, "%s must be a whole number from %d to %d".formatted(name, min, max));
  }
}
