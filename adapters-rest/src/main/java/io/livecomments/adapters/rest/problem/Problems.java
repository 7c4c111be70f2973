package io.livecomments.adapters.rest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Builds problem responses for our exception handlers through the one error processor. */
@Singleton
public class Problems {

  private final ErrorResponseProcessor<?> processor;

  public Problems(ErrorResponseProcessor<?> processor) {
    this.processor = processor;
  }

  public MutableHttpResponse<?> of(
      HttpRequest<?> request, HttpStatus status, ProblemKind kind, String detail) {
    return respond(request, status, kind, detail, null);
  }

  /** A validation failure that names the field at fault. */
  public MutableHttpResponse<?> invalidField(HttpRequest<?> request, String field, String detail) {
    return respond(request, HttpStatus.BAD_REQUEST, ProblemKind.VALIDATION_FAILED, detail, field);
  }

  private MutableHttpResponse<?> respond(
      HttpRequest<?> request, HttpStatus status, ProblemKind kind, String detail, String field) {
    Error error =
        new Error() {
          @Override
          public String getMessage() {
            return detail;
          }

          @Override
          public Optional<String> getPath() {
            return Optional.ofNullable(field);
          }

          @Override
          public Optional<String> getTitle() {
            return Optional.of(kind.type());
          }
        };
    return processor.processResponse(
        ErrorContext.builder(request).error(error).build(),
        io.micronaut.http.HttpResponse.status(status));
  }
}
