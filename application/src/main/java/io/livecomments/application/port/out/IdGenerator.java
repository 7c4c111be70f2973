package io.livecomments.application.port.out;

import java.util.UUID;

/** Hands out fresh ids; injected so that tests can predict them. */
@FunctionalInterface
public interface IdGenerator {

  UUID newId();

  static IdGenerator random() {
    return UUID::randomUUID;
  }
}
