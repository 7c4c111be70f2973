package io.livecomments.config;

import io.livecomments.adapters.rest.auth.AuthMode;
import io.livecomments.logging.LogFormat;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.core.convert.TypeConverterRegistrar;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the mode settings in the contract's spelling only ({@code http-bridge}, not {@code
 * HTTP_BRIDGE}), so that the typed value and every {@code @Requires} on the raw property agree, and
 * names the property and its allowed values when a value is unknown. Micronaut's own enum
 * conversion accepts any spelling and names neither.
 */
@Singleton
public class ModeConverters implements TypeConverterRegistrar {

  @Override
  public void register(MutableConversionService conversions) {
    add(conversions, StoreMode.class, StoreMode.PROPERTY);
    add(conversions, BroadcastMode.class, BroadcastMode.PROPERTY);
    add(conversions, AuthMode.class, AuthMode.PROPERTY);
    add(conversions, LogFormat.class, LogFormat.PROPERTY);
  }

  /** The contract's spelling of a mode: its name in lower case with dashes. */
  public static String spelling(Enum<?> mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
    return Arrays.stream(type.getEnumConstants())
        .filter(mode -> spelling(mode).equals(value.trim()))
        .findFirst();
  }

  static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(ModeConverters::spelling)
        .collect(Collectors.joining(", "));
  }

  private static <E extends Enum<E>> void add(
      MutableConversionService conversions, Class<E> type, String property) {
    conversions.addConverter(
        CharSequence.class,
        type,
        (value, target, context) -> {
          // Thrown rather than rejected: a rejected value would silently fall back to the default.
          return Optional.of(
              parse(type, value.toString())
                  .orElseThrow(
                      () ->
                          new ConfigurationException(
                              property
                                  + "="
                                  + value
                                  + " is not available in this build; use one of: "
                                  + allowed(type))));
        });
  }
}
