package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.IdempotencyRecord;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency records in a map. Expired records are dropped when their key is touched again and by
 * {@link #purgeExpired}, which a long-running process should call now and then.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  private record Key(UserId userId, IdempotencyKey key) {}

  private final Map<Key, IdempotencyRecord> records = new ConcurrentHashMap<>();

  @Override
  public Optional<IdempotencyRecord> find(UserId userId, IdempotencyKey key, Instant now) {
    return Optional.ofNullable(records.get(new Key(userId, key))).filter(r -> r.isLiveAt(now));
  }

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord record, Instant now) {
    IdempotencyRecord holder =
        records.compute(
            new Key(record.userId(), record.key()),
            (k, existing) -> existing != null && existing.isLiveAt(now) ? existing : record);
    return holder == record ? Optional.empty() : Optional.of(holder);
  }

  @Override
  public void release(IdempotencyRecord record) {
    records.remove(new Key(record.userId(), record.key()), record);
  }

  /** Forgets every record that has expired by {@code now}. */
  public void purgeExpired(Instant now) {
    records.values().removeIf(r -> !r.isLiveAt(now));
  }
}
