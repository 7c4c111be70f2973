package io.livecomments.adapters.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An RFC 9457 problem detail; {@code errors} lists the fields at fault in validation failures. */
@Serdeable
@Schema(name = "Problem", description = "An RFC 9457 problem detail")
public record Problem(
    @Schema(
            description =
                "What kind of problem: urn:livecomments:problem:… for this API's own kinds,"
                    + " about:blank for plain HTTP statuses",
            example = "urn:livecomments:problem:not-found")
        String type,
    @Schema(description = "A short summary of the kind", example = "Not found") String title,
    @Schema(description = "The HTTP status", example = "404") int status,
    @Schema(description = "What went wrong with this request") String detail,
    @Schema(description = "The fields at fault, in validation failures only")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable
        List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  @Serdeable
  @Schema(name = "FieldError", description = "One field at fault")
  public record FieldError(
      @Schema(description = "The field, by its JSON name or query parameter") String field,
      @Schema(description = "What is wrong with it") String message) {}
}
