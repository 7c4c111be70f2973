package io.livecomments.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Iterator;

/**
 * Writes each event as text (a pattern) or as one JSON object per line (Logback's own {@link
 * JsonEncoder}), as {@code livecomments.log.format} says. logback.xml sets the format from the
 * system property or the environment variable before Micronaut starts; Micronaut switches it at
 * start when the setting comes from elsewhere (application.yml), see {@link #useEverywhere}.
 *
 * <p>An unknown value falls back to text here rather than silencing the log: the start then stops
 * with Micronaut's message naming the allowed values, and that message must be readable.
 */
public class LogFormatEncoder extends EncoderBase<ILoggingEvent> {

  private final PatternLayoutEncoder text = new PatternLayoutEncoder();
  private final JsonEncoder json = new JsonEncoder();
  private volatile LogFormat format = LogFormat.TEXT;

  /**
   * The format the running service applied from its configuration ({@link #useEverywhere}), if any.
   * Micronaut may reset Logback and read logback.xml again (at start, on a refresh), and that file
   * only sees the system property and the environment; encoders it creates then take this.
   */
  private static volatile LogFormat applied;

  public LogFormatEncoder() {
    // One line per event with what a reader needs: no sequence number, no nanoseconds, no copy of
    // the logger context's properties, and the message once, formatted, without its arguments.
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithFormattedMessage(true);
  }

  /** The text format's pattern. */
  public void setPattern(String pattern) {
    text.setPattern(pattern);
  }

  /** The format's spelling, {@code text} or {@code json}; anything else means text. */
  public void setFormat(String spelling) {
    format =
        LogFormat.of(spelling)
            .orElseGet(
                () -> {
                  addInfo(LogFormat.PROPERTY + "=" + spelling + " is unknown; writing text");
                  return LogFormat.TEXT;
                });
  }

  /** Forgets the format applied by {@link #useEverywhere}, for tests that start Logback anew. */
  static void forgetApplied() {
    applied = null;
  }

  public void use(LogFormat format) {
    this.format = format;
  }

  public LogFormat format() {
    return format;
  }

  @Override
  public void start() {
    LogFormat configured = applied;
    if (configured != null) {
      format = configured;
    }
    text.setContext(getContext());
    json.setContext(getContext());
    text.start();
    json.start();
    super.start();
  }

  @Override
  public void stop() {
    text.stop();
    json.stop();
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return current().headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return current().encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return current().footerBytes();
  }

  private Encoder<ILoggingEvent> current() {
    return format == LogFormat.JSON ? json : text;
  }

  /**
   * Switches every appender of the root logger that writes through this encoder to {@code format}.
   *
   * @return how many were switched (none when Logback is not the logging backend)
   */
  public static int useEverywhere(Object loggerFactory, LogFormat format) {
    applied = format;
    if (!(loggerFactory instanceof LoggerContext context)) {
      return 0;
    }
    int switched = 0;
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream
          && stream.getEncoder() instanceof LogFormatEncoder encoder) {
        encoder.use(format);
        switched++;
      }
    }
    return switched;
  }
}
