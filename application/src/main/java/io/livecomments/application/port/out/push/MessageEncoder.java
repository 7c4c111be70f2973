package io.livecomments.application.port.out.push;

/** Writes an envelope as the JSON text frame clients receive. */
@FunctionalInterface
public interface MessageEncoder {

  String encode(Envelope envelope);
}
