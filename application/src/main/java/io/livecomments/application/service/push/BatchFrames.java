package io.livecomments.application.service.push;

import java.time.Instant;
import java.util.UUID;

/**
 * Writes {@code batch} frames (CONTRACT section 5) by concatenating messages that are encoded
 * already: a batch is built for thousands of connections in a burst, and re-encoding each message
 * would cost more than the push.
 */
final class BatchFrames {

  /**
   * The most bytes a batch adds around its messages: the envelope with its event id and timestamp
   * (an {@link Instant} prints at most ~30 characters), rounded up generously.
   */
  static final int OVERHEAD_BYTES = 160;

  private BatchFrames() {}

  static String batch(UUID eventId, Instant timestamp, ConnectionPusher.Payload[] messages) {
    int length = OVERHEAD_BYTES;
    for (ConnectionPusher.Payload message : messages) {
      length += message.text.length() + 1;
    }
    StringBuilder frame = new StringBuilder(length);
    frame.append("{\"type\":\"batch\",\"eventId\":\"").append(eventId);
    frame.append("\",\"data\":{\"messages\":[");
    for (int i = 0; i < messages.length; i++) {
      if (i > 0) {
        frame.append(',');
      }
      frame.append(messages[i].text);
    }
    frame.append("]},\"timestamp\":\"").append(timestamp).append("\"}");
    return frame.toString();
  }

  /** The UTF-8 size of the text, without encoding it. */
  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
