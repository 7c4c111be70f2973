package io.livecomments.adapters.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An RFC 9457 problem detail; {@code errors} lists the fields at fault in validation failures. */
@Serdeable
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  @Serdeable
  public record FieldError(String field, String message) {}
}
