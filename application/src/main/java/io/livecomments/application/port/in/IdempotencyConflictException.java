package io.livecomments.application.port.in;

import io.livecomments.domain.IdempotencyKey;

/**
 * The idempotency key is held by a request whose comment does not exist (any more): either that
 * request is still running, or its comment was deleted since.
 */
public final class IdempotencyConflictException extends RuntimeException {

  public IdempotencyConflictException(IdempotencyKey key) {
    super(
        "Idempotency-Key '%s' belongs to a request that is still in progress or whose comment was deleted"
            .formatted(key.value()),
        null,
        false,
        false);
  }
}
