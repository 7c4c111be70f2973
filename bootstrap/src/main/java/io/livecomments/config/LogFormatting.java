package io.livecomments.config;

import io.livecomments.logging.LogFormatEncoder;
import io.micronaut.context.annotation.Context;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code livecomments.log.format} at start, so that a value from any of Micronaut's
 * property sources takes effect, not only the system property and environment variable that
 * logback.xml sees.
 */
@Context
public class LogFormatting {

  LogFormatting(LogConfiguration log) {
    LogFormatEncoder.useEverywhere(LoggerFactory.getILoggerFactory(), log.format());
  }
}
