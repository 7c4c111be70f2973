package io.livecomments.config;

import io.livecomments.logging.LogFormat;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

/**
 * {@code livecomments.log}. logback.xml reads the format itself from the system property or the
 * environment variable, since it is read before Micronaut starts; binding it here too makes an
 * unknown value stop the start (see {@link ModeConverters}) and applies a value set in
 * application.yml ({@link LogFormatting}).
 *
 * @param format {@code text} or {@code json}
 */
@ConfigurationProperties("livecomments.log")
public record LogConfiguration(@Bindable(defaultValue = "text") @NotNull LogFormat format) {}
