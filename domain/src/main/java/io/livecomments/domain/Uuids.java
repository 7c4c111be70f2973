package io.livecomments.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** Ids travel as canonical lower-case UUID strings, so that one entity never has two spellings. */
final class Uuids {

  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private Uuids() {}

  static String canonical(String field, String value) {
    if (value == null) {
      throw new InvalidValueException(field, field + " is required");
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!CANONICAL.matcher(lower).matches()) {
      throw new InvalidValueException(field, field + " must be a UUID");
    }
    return lower;
  }
}
