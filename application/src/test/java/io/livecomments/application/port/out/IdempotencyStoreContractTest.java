package io.livecomments.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.domain.CommentId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyStore} must do; adapters extend it with a fresh store. */
public abstract class IdempotencyStoreContractTest {

  /**
   * Far ahead of any real clock: stores with real expiry (DynamoDB's TTL, which DynamoDB Local also
   * runs) must not delete the records of these tests while they run.
   */
  private static final Instant NOW = Instant.parse("2100-01-01T10:00:00Z");

  private static final Duration DAY = Duration.ofHours(24);

  protected IdempotencyStore store;

  protected abstract IdempotencyStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  private static IdempotencyRecord record(String user, IdempotencyKey key, Instant expiresAt) {
    return new IdempotencyRecord(
        new UserId(user),
        key,
        PostId.of(UUID.randomUUID()),
        CommentId.of(UUID.randomUUID()),
        expiresAt);
  }

  private static IdempotencyKey newKey() {
    return new IdempotencyKey("key-" + UUID.randomUUID());
  }

  @Test
  void theFirstClaimWinsAndIsFoundAfterwards() {
    IdempotencyRecord first = record("alice", newKey(), NOW.plus(DAY));
    assertEquals(Optional.empty(), store.claim(first, NOW));
    assertEquals(Optional.of(first), store.find(first.userId(), first.key(), NOW));
  }

  @Test
  void aSecondClaimOnTheSameKeyGetsTheFirstRecord() {
    IdempotencyKey key = newKey();
    IdempotencyRecord first = record("alice", key, NOW.plus(DAY));
    IdempotencyRecord second = record("alice", key, NOW.plus(DAY));
    store.claim(first, NOW);
    assertEquals(Optional.of(first), store.claim(second, NOW.plusSeconds(5)));
  }

  @Test
  void keysBelongToOneUser() {
    IdempotencyKey key = newKey();
    store.claim(record("alice", key, NOW.plus(DAY)), NOW);
    IdempotencyRecord bobs = record("bob", key, NOW.plus(DAY));
    assertEquals(Optional.empty(), store.claim(bobs, NOW));
    assertEquals(Optional.of(bobs), store.find(new UserId("bob"), key, NOW));
  }

  @Test
  void anExpiredRecordCountsAsAbsentAndTheKeyCanBeClaimedAgain() {
    IdempotencyKey key = newKey();
    store.claim(record("alice", key, NOW.plus(DAY)), NOW);
    Instant later = NOW.plus(DAY).plusSeconds(1);
    assertTrue(store.find(new UserId("alice"), key, later).isEmpty());
    IdempotencyRecord fresh = record("alice", key, later.plus(DAY));
    assertEquals(Optional.empty(), store.claim(fresh, later));
    assertEquals(Optional.of(fresh), store.find(new UserId("alice"), key, later));
  }

  @Test
  void aReleasedKeyCanBeClaimedAgain() {
    IdempotencyKey key = newKey();
    IdempotencyRecord first = record("alice", key, NOW.plus(DAY));
    store.claim(first, NOW);
    store.release(first);
    assertTrue(store.find(new UserId("alice"), key, NOW).isEmpty());
    IdempotencyRecord retry = record("alice", key, NOW.plus(DAY));
    assertEquals(Optional.empty(), store.claim(retry, NOW));
  }

  @Test
  void releasingDoesNotTakeAKeyFromItsNewerOwner() {
    IdempotencyKey key = newKey();
    IdempotencyRecord expired = record("alice", key, NOW.plusSeconds(1));
    store.claim(expired, NOW);
    Instant later = NOW.plusSeconds(10);
    IdempotencyRecord newer = record("alice", key, later.plus(DAY));
    store.claim(newer, later);
    store.release(expired);
    assertEquals(Optional.of(newer), store.find(new UserId("alice"), key, later));
  }

  @Test
  void ofTwentyConcurrentClaimsOnOneKeyExactlyOneWins() throws Exception {
    IdempotencyKey key = newKey();
    int racers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        IdempotencyRecord mine = record("alice", key, NOW.plus(DAY));
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.claim(mine, NOW);
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Optional<IdempotencyRecord>> result : results) {
        if (result.get().isEmpty()) {
          winners++;
        }
      }
      assertEquals(1, winners);
    } finally {
      pool.shutdownNow();
    }
  }
}
