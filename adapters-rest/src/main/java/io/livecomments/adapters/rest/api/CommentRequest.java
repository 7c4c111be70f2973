package io.livecomments.adapters.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST} and {@code PATCH} on comments. Typed as {@code Object} so that a number
 * or a list where a string belongs is refused rather than silently turned into text.
 */
@Serdeable
@Schema(name = "CommentRequest", description = "A comment's new content")
public record CommentRequest(
    @Schema(
            type = "string",
            description =
                "1 to 2000 code points after trimming; no C0 control characters but \\n, \\r and"
                    + " \\t. Stored and returned exactly as sent.",
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "First!")
        @Nullable
        Object content) {}
