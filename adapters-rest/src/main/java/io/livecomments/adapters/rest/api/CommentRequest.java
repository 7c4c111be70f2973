package io.livecomments.adapters.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of {@code POST} and {@code PATCH} on comments. Typed as {@code Object} so that a number
 * or a list where a string belongs is refused rather than silently turned into text.
 */
@Serdeable
public record CommentRequest(@Nullable Object content) {}
