package io.livecomments.localgateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * The body API Gateway's HTTP integration posts to the backend (CONTRACT.md section 4). Absent
 * parts are left out rather than sent as {@code null}, whatever the application's JSON inclusion
 * setting, because API Gateway leaves them out.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationEvent(
    RequestContext requestContext,
    @Nullable Map<String, String> queryStringParameters,
    @Nullable String body) {

  /** {@code requestContext}: the fields API Gateway sends that the backend or a log may use. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RequestContext(
      String connectionId,
      String routeKey,
      String eventType,
      String requestId,
      String apiId,
      String stage,
      long connectedAt,
      long requestTimeEpoch,
      Identity identity,
      @Nullable String messageId,
      @Nullable Integer disconnectStatusCode,
      @Nullable String disconnectReason) {}
}
