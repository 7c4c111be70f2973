package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code livecomments.push.warmup}: the pushes {@link PushWarmUp} sends at start to a connection
 * that cannot exist, so that the first real fan-out after a deploy does not pay for the SDK
 * client's construction, its connection pool and the JIT.
 *
 * @param enabled off for tests that count pushes, or where even a few hundred Management API calls
 *     at start are unwelcome
 * @param pushes how many; each is one Management API call answered 410
 * @param localPushes with the local gateway on: how many pushes to a warm-up client of its own (0:
 *     push to the impossible id instead, as against API Gateway)
 * @param timeout the warm-up stops sending after this long, however many it has sent
 */
@ConfigurationProperties("livecomments.push.warmup")
public record PushWarmUpConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "2000")
        @Min(value = 0, message = "livecomments.push.warmup.pushes must be between 0 and 100000")
        @Max(
            value = 100_000,
            message = "livecomments.push.warmup.pushes must be between 0 and 100000")
        int pushes,
    @Bindable(defaultValue = "20000")
        @Min(
            value = 0,
            message = "livecomments.push.warmup.local-pushes must be between 0 and 1000000")
        @Max(
            value = 1_000_000,
            message = "livecomments.push.warmup.local-pushes must be between 0 and 1000000")
        int localPushes,
    @Bindable(defaultValue = "30s") @NotNull Duration timeout) {}
