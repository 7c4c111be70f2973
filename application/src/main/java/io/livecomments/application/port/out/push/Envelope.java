package io.livecomments.application.port.out.push;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Every pushed frame: a message with an id clients dedupe by, and when it was made. */
public record Envelope(UUID eventId, Instant timestamp, OutboundMessage message) {

  public Envelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(message, "message");
  }
}
