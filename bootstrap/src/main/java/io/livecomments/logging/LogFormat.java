package io.livecomments.logging;

import java.util.Locale;
import java.util.Optional;

/** {@code livecomments.log.format}: how each log line is written to standard output. */
public enum LogFormat {
  /** One human-readable line per event, with the request id in brackets when there is one. */
  TEXT,
  /** One JSON object per line (Logback's JsonEncoder), for a log shipper. */
  JSON;

  public static final String PROPERTY = "livecomments.log.format";

  /** The format of this spelling ({@code text}, {@code json}), if there is one. */
  public static Optional<LogFormat> of(String spelling) {
    for (LogFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(spelling.trim())) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
