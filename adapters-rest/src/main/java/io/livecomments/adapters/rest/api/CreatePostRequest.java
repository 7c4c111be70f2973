package io.livecomments.adapters.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /posts}. Typed as {@code Object} so that a number or a list where a string belongs is
 * refused, instead of being turned into a string behind the client's back.
 */
@Serdeable
public record CreatePostRequest(@Nullable Object title) {}
