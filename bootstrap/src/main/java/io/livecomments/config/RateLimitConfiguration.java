package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * {@code livecomments.rate-limit}: how many comments one user may post.
 *
 * @param commentsPerMinute per user; beyond it posting answers 429
 */
@ConfigurationProperties("livecomments.rate-limit")
public record RateLimitConfiguration(
    @Bindable(defaultValue = "30")
        @Min(value = 1, message = "livecomments.rate-limit.comments-per-minute must be at least 1")
        int commentsPerMinute) {}
