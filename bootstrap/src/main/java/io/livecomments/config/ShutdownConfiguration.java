package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Settings under {@code livecomments.shutdown}.
 *
 * @param drainTimeout how long a stop (SIGTERM) waits for queued pushes to be delivered before it
 *     drops the rest and closes the local gateway's sockets
 */
@ConfigurationProperties("livecomments.shutdown")
public record ShutdownConfiguration(
    @Bindable(defaultValue = "10s") @NotNull Duration drainTimeout) {}
