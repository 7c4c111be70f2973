package io.livecomments.adapters.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /posts}. Typed as {@code Object} so that a number or a list where a string belongs is
 * refused, instead of being turned into a string behind the client's back.
 */
@Serdeable
@Schema(name = "CreatePostRequest", description = "A new post")
public record CreatePostRequest(
    @Schema(
            type = "string",
            description =
                "1 to 200 characters after trimming; no control characters but tab and"
                    + " line breaks",
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "Hello")
        @Nullable
        Object title) {}
