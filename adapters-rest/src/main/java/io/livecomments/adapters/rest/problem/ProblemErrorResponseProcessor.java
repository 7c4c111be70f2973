package io.livecomments.adapters.rest.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders every error response of the server, ours and Micronaut's own (404 route, 405, 413, 415,
 * malformed JSON…), as {@code application/problem+json}: never an HTML page, never a stack trace.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  private static final int MAX_DETAIL = 500;

  /** Java type names in parser messages; compiled once, as every error response passes here. */
  private static final Pattern TYPE_NAME =
      Pattern.compile("`?(java|io\\.livecomments|io\\.micronaut)\\.[\\w.$]+`?");

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    List<Problem.FieldError> fieldErrors =
        context.getErrors().stream()
            .filter(e -> e.getPath().isPresent())
            .map(
                e ->
                    new Problem.FieldError(
                        fieldName(e.getPath().get()), withoutParserInternals(e.getMessage())))
            .toList();
    // Micronaut's own errors carry free-text titles; only ours are problem type URIs.
    String type =
        context.getErrors().stream()
            .flatMap(e -> e.getTitle().stream())
            .filter(title -> title.startsWith(ProblemKind.TYPE_PREFIX))
            .findFirst()
            .orElse("about:blank");
    Problem problem =
        new Problem(
            type,
            titleOf(type, status),
            status.getCode(),
            detail(context, status),
            fieldErrors.isEmpty() ? null : fieldErrors);
    return response.body(problem).contentType(Problem.MEDIA_TYPE);
  }

  private static String titleOf(String type, HttpStatus status) {
    for (ProblemKind kind : ProblemKind.values()) {
      if (kind.type().equals(type)) {
        return kind.title();
      }
    }
    return status.getReason();
  }

  /** Server faults say nothing of their cause; client faults say what was wrong, briefly. */
  private static String detail(ErrorContext context, HttpStatus status) {
    if (status.getCode() >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE) {
      return "The server could not handle the request; it has been logged.";
    }
    String detail =
        context.getErrors().stream()
            .map(Error::getMessage)
            .map(ProblemErrorResponseProcessor::withoutParserInternals)
            .collect(Collectors.joining("; "));
    if (detail.isBlank()) {
      return status.getReason();
    }
    return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
  }

  /** Micronaut names body fields as JSON pointers ({@code /body}); clients know them by name. */
  private static String fieldName(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  /** JSON parser messages end with a source excerpt and Java type names; clients need neither. */
  private static String withoutParserInternals(String message) {
    if (message == null) {
      return "";
    }
    if (message.startsWith("Failed to convert argument [")) {
      return "The request body is not a JSON object of the expected shape";
    }
    int source = message.indexOf("\n at [Source");
    if (source < 0) {
      source = message.indexOf(" at [Source");
    }
    String trimmed = (source >= 0 ? message.substring(0, source) : message).strip();
    return TYPE_NAME.matcher(trimmed).replaceAll("value");
  }
}
