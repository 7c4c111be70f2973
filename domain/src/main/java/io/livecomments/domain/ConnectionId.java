package io.livecomments.domain;

/**
 * A WebSocket connection as the gateway names it. Opaque: API Gateway's ids look like base64
 * ({@code L0SM9cOFvHcCIhw=}), other gateways use other shapes, so only printable ASCII is required.
 */
public record ConnectionId(String value) {

  public static final int MAX_LENGTH = 256;

  public ConnectionId {
    if (value == null || value.isEmpty()) {
      throw new InvalidValueException("connectionId", "connectionId is required");
    }
    if (value.length() > MAX_LENGTH || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new InvalidValueException(
          "connectionId", "connectionId must be 1 to 256 printable ASCII characters");
    }
  }
}
