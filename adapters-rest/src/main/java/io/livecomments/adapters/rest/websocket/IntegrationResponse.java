package io.livecomments.adapters.rest.websocket;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The Lambda-proxy-shaped answer API Gateway integrations expect: a status and a body that is
 * itself JSON text.
 */
@Serdeable
public record IntegrationResponse(int statusCode, String body) {

  static IntegrationResponse ok(String message) {
    return new IntegrationResponse(200, "{\"message\":\"" + message + "\"}");
  }
}
