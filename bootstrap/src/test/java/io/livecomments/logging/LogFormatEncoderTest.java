package io.livecomments.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The encoder on a Logback context of its own, writing to memory instead of standard output. */
class LogFormatEncoderTest {

  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final String PATTERN =
      "%level %logger%replace( [%X{requestId}]){' \\[\\]', ''} - %msg%n";

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private LogFormatEncoder encoder;
  private Logger log;

  @BeforeEach
  void startLogback() {
    LogFormatEncoder.forgetApplied();
    // The MDC that org.slf4j.MDC writes to, which a context of one's own does not have by itself.
    context.setMDCAdapter(MDC.getMDCAdapter());
    encoder = new LogFormatEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    log = context.getLogger("io.livecomments.Example");
  }

  @AfterEach
  void stopLogback() {
    context.stop();
    MDC.clear();
    LogFormatEncoder.forgetApplied();
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Map<String, Object> parse(String line) throws IOException {
    return JSON.readValue(line, Argument.mapOf(String.class, Object.class));
  }

  @Test
  void textShowsTheRequestIdOnlyWhenThereIsOne() {
    log.info("before any request");
    MDC.put(LogContext.REQUEST_ID, "req-1");
    log.info("during a request");

    assertEquals(
        List.of(
            "INFO io.livecomments.Example - before any request",
            "INFO io.livecomments.Example [req-1] - during a request"),
        lines());
  }

  @Test
  void jsonIsOneObjectPerLineWithTimeLevelLoggerMessageAndTheLogContext() throws IOException {
    encoder.setFormat("json");
    MDC.put(LogContext.REQUEST_ID, "req-\"2\"");
    MDC.put(LogContext.CONNECTION_ID, "abc=");
    log.warn("a message with {} and a\nline break", "an argument");

    List<String> lines = lines();
    assertEquals(1, lines.size(), lines::toString);
    Map<String, Object> line = parse(lines.get(0));
    assertTrue(line.get("timestamp") instanceof Number, lines.get(0));
    assertEquals("WARN", line.get("level"));
    assertEquals("io.livecomments.Example", line.get("loggerName"));
    assertEquals("a message with an argument and a\nline break", line.get("formattedMessage"));
    assertEquals(Map.of("requestId", "req-\"2\"", "connectionId", "abc="), line.get("mdc"));
  }

  @Test
  void jsonCarriesTheExceptionWithItsStackTraceAndCause() throws IOException {
    encoder.setFormat("json");
    log.error("it broke", new IllegalStateException("outer", new RuntimeException("inner")));

    @SuppressWarnings("unchecked")
    Map<String, Object> thrown = (Map<String, Object>) parse(lines().get(0)).get("throwable");
    assertEquals("java.lang.IllegalStateException", thrown.get("className"));
    assertEquals("outer", thrown.get("message"));
    assertFalse(((List<?>) thrown.get("stepArray")).isEmpty(), "the stack trace");
    @SuppressWarnings("unchecked")
    Map<String, Object> cause = (Map<String, Object>) thrown.get("cause");
    assertEquals("inner", cause.get("message"));
  }

  @Test
  void anUnknownSpellingWritesTextSoThatTheStartupFailureCanBeRead() {
    encoder.setFormat("xml");
    log.info("still readable");
    assertEquals(List.of("INFO io.livecomments.Example - still readable"), lines());
  }

  @Test
  void micronautSwitchesEveryAppenderOfTheRootLoggerAtStart() throws IOException {
    assertEquals(1, LogFormatEncoder.useEverywhere(context, LogFormat.JSON));
    log.info("now in json");
    assertEquals("now in json", parse(lines().get(0)).get("formattedMessage"));

    assertEquals(0, LogFormatEncoder.useEverywhere(new Object(), LogFormat.JSON));
  }

  @Test
  void anEncoderCreatedWhenLogbackIsReloadedKeepsTheFormatMicronautApplied() {
    LogFormatEncoder.useEverywhere(context, LogFormat.JSON);
    // logback.xml read again, with no system property or environment variable saying json.
    LogFormatEncoder reloaded = new LogFormatEncoder();
    reloaded.setContext(context);
    reloaded.setPattern(PATTERN);
    reloaded.setFormat("text");
    reloaded.start();

    assertEquals(LogFormat.JSON, reloaded.format());
  }
}
