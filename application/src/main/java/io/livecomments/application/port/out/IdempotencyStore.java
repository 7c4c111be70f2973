package io.livecomments.application.port.out;

import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/** Remembers idempotency keys per user. Expired records count as absent. */
public interface IdempotencyStore {

  /** The live record for the user's key, if any. */
  Optional<IdempotencyRecord> find(UserId userId, IdempotencyKey key, Instant now);

  /**
   * Stores the record unless a live one exists for the same user and key, atomically.
   *
   * @return empty if this call claimed the key, otherwise the record that holds it
   */
  Optional<IdempotencyRecord> claim(IdempotencyRecord record, Instant now);

  /** Forgets a claim whose comment could not be created, so that a retry may try again. */
  void release(IdempotencyRecord record);
}
