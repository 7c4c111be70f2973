package io.livecomments.localgateway;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The Management API's error answers, shaped like AWS's: the SDK picks the exception class from
 * {@code x-amzn-ErrorType}, so the production adapter sees a real {@code GoneException}.
 */
final class ManagementApiResponses {

  static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
  static final String GONE_TYPE = "GoneException";

  /** The body of a 410, as {@link ManagementApiFastPath} writes it without a serializer. */
  static final String GONE_BODY = "{\"message\":\"Gone\"}";

  private ManagementApiResponses() {}

  static MutableHttpResponse<?> gone() {
    return error(HttpStatus.GONE, GONE_TYPE, "Gone");
  }

  static MutableHttpResponse<?> payloadTooLarge() {
    return error(
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        "PayloadTooLargeException",
        "Request entity too large");
  }

  private static MutableHttpResponse<?> error(HttpStatus status, String type, String message) {
    return HttpResponse.status(status)
        .header(ERROR_TYPE_HEADER, type)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new Message(message));
  }

  /** AWS's error body, {@code {"message": "..."}}. */
  @Serdeable
  record Message(String message) {}
}
