package io.livecomments.domain;

/** The rules shared by every piece of user-written text. */
final class Text {

  private Text() {}

  /**
   * Checks length in Unicode code points after trimming, and rejects NUL and other C0 controls
   * except tab, line feed and carriage return, which renderers cannot show and logs choke on.
   */
  static String require(String field, String value, int maxCodePoints) {
    if (value == null) {
      throw new InvalidValueException(field, field + " is required");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        throw new InvalidValueException(
            field,
            field + " must not contain control characters (found U+%04X)".formatted((int) c));
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(++i)))) {
        throw new InvalidValueException(field, field + " must be valid Unicode text");
      }
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidValueException(field, field + " must not be blank");
    }
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length > maxCodePoints) {
      throw new InvalidValueException(
          field,
          field + " must be at most %d characters (got %d)".formatted(maxCodePoints, length));
    }
    return value;
  }
}
