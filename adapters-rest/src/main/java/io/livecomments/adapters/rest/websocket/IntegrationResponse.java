package io.livecomments.adapters.rest.websocket;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The Lambda-proxy-shaped answer API Gateway integrations expect: a status and a body that is
 * itself JSON text.
 */
@Serdeable
@Schema(name = "IntegrationResponse", description = "The answer API Gateway integrations expect")
public record IntegrationResponse(
    @Schema(example = "200") int statusCode,
    @Schema(description = "JSON text", example = "{\"message\":\"Connected successfully\"}")
        String body) {

  static IntegrationResponse ok(String message) {
    return new IntegrationResponse(200, "{\"message\":\"" + message + "\"}");
  }
}
