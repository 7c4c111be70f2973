package io.livecomments.adapters.rest.api;

import io.livecomments.domain.InvalidValueException;

/** Reads fields out of request bodies whose JSON types are checked by hand. */
public final class Bodies {

  private Bodies() {}

  /** The field's value if it is a JSON string; a missing body counts as a missing field. */
  public static String string(String field, Object value) {
    if (value == null) {
      throw new InvalidValueException(field, field + " is required");
    }
    if (!(value instanceof String text)) {
      throw new InvalidValueException(field, field + " must be a string");
    }
    return text;
  }
}
