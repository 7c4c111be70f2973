package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.Author;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** What only a shared, expiring store shows: TTL, and writers in separate processes racing. */
class DynamoDbExpiryAndRacesTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();
  private static final Duration DAY = Duration.ofHours(24);

  // Ahead of the real clock, so that DynamoDB Local's own TTL sweeper leaves the items alone.
  private final MutableClock clock = new MutableClock(Instant.parse("2100-03-01T12:00:00Z"));
  private final DynamoDbConnectionRegistry registry =
      new DynamoDbConnectionRegistry(STORES.enhanced(), STORES.tables(), clock, DAY);

  private Connection connect(PostId... posts) {
    Connection connection =
        new Connection(
            new ConnectionId("c-" + UUID.randomUUID()),
            Set.of(posts),
            Optional.of(new UserId("u")),
            clock.instant());
    registry.register(connection);
    return connection;
  }

  @Test
  void aConnectionPastItsTtlIsNeitherFoundNorInAnyAudienceEvenBeforeDynamoDbDeletesIt() {
    PostId post = PostId.of(UUID.randomUUID());
    Connection subscriber = connect(post);
    Connection everything = connect();
    assertTrue(
        Recipient.ids(registry.audienceOf(post))
            .containsAll(List.of(subscriber.id(), everything.id())));

    clock.advance(DAY.plusMinutes(1));

    assertTrue(registry.find(subscriber.id()).isEmpty());
    assertTrue(registry.find(everything.id()).isEmpty());
    assertFalse(Recipient.ids(registry.audienceOf(post)).contains(subscriber.id()));
    assertFalse(Recipient.ids(registry.audienceOf(post)).contains(everything.id()));
    assertFalse(Recipient.ids(registry.all()).contains(subscriber.id()));
    assertTrue(registry.subscribe(subscriber.id(), PostId.of(UUID.randomUUID())).isEmpty());
  }

  @Test
  void activityPushesTheExpiryBack() {
    PostId post = PostId.of(UUID.randomUUID());
    Connection pinging = connect(post);
    Connection silent = connect(post);

    clock.advance(Duration.ofHours(20));
    registry.touch(pinging.id());
    clock.advance(Duration.ofHours(10));

    assertEquals(Optional.of(pinging), registry.find(pinging.id()));
    assertTrue(Recipient.ids(registry.audienceOf(post)).contains(pinging.id()));
    assertTrue(registry.find(silent.id()).isEmpty());
    assertFalse(Recipient.ids(registry.audienceOf(post)).contains(silent.id()));
  }

  @Test
  void tablesThatExpireItemsHaveTtlOnExpiresAt() {
    DynamoDbClient client = STORES.client();
    for (String table :
        List.of(DynamoDbTables.CHANGES, DynamoDbTables.IDEMPOTENCY, DynamoDbTables.CONNECTIONS)) {
      var ttl =
          client
              .describeTimeToLive(r -> r.tableName(STORES.tables().name(table)))
              .timeToLiveDescription();
      assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus(), table);
      assertEquals("expiresAt", ttl.attributeName(), table);
    }
  }

  @Test
  void twoProcessesAppendingToOnePostGetGaplessUniqueSeqs() throws Exception {
    // Two stores with their own SDK clients and locks stand for two service instances.
    List<DynamoDbCommentStore> instances = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      DynamoDbClient client = EmbeddedDynamoDb.localClient(LocalDynamoDb.endpoint());
      instances.add(
          new DynamoDbCommentStore(
              DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(), STORES.tables()));
    }
    PostId post = PostId.of(UUID.randomUUID());
    int perInstance = 150;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Long>> seqs = new ArrayList<>();
      for (int i = 0; i < perInstance * instances.size(); i++) {
        DynamoDbCommentStore store = instances.get(i % instances.size());
        Callable<Long> append =
            () ->
                store
                    .append(
                        post,
                        (seq, rev) ->
                            new Comment(
                                CommentId.of(UUID.randomUUID()),
                                post,
                                seq,
                                rev,
                                new CommentContent("racing"),
                                new Author(new UserId("u"), "u"),
                                clock.instant(),
                                clock.instant()))
                    .seq();
        seqs.add(pool.submit(append));
      }
      List<Long> got = new ArrayList<>();
      for (Future<Long> seq : seqs) {
        got.add(seq.get());
      }
      got.sort(Long::compare);
      List<Long> expected = LongStream.rangeClosed(1, perInstance * 2L).boxed().toList();
      assertEquals(expected, got);
      assertEquals(
          expected,
          instances.get(0).findPage(post, SeqRange.ALL, SortOrder.ASC, 1000).stream()
              .map(Comment::seq)
              .toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoProcessesCreatingEditingAndDeletingOnOnePostAgreeOnRevsOneToN() throws Exception {
    List<DynamoDbCommentStore> instances = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      DynamoDbClient client = EmbeddedDynamoDb.localClient(LocalDynamoDb.endpoint());
      instances.add(
          new DynamoDbCommentStore(
              DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(), STORES.tables()));
    }
    PostId post = PostId.of(UUID.randomUUID());
    int writers = 8;
    int opsPerWriter = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        DynamoDbCommentStore store = instances.get(w % instances.size());
        int writer = w;
        futures.add(pool.submit(() -> mixedChanges(store, post, writer, opsPerWriter)));
      }
      List<Long> revs = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        revs.addAll(f.get());
      }
      revs.sort(Long::compare);
      List<Long> expected = LongStream.rangeClosed(1, writers * opsPerWriter).boxed().toList();
      assertEquals(expected, revs, "every acknowledged change has its own rev, none skipped");
      for (DynamoDbCommentStore store : instances) {
        assertEquals(writers * opsPerWriter, store.headRev(post));
        ChangesAfter all = store.changesAfter(post, 0, 500);
        assertEquals(
            expected,
            ((ChangesAfter.Kept) all).changes().stream().map(Change::rev).toList(),
            "both instances read the same log");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates, edits and deletes one writer's own comments; returns the revs acknowledged. */
  private List<Long> mixedChanges(DynamoDbCommentStore store, PostId post, int writer, int ops) {
    List<Comment> mine = new ArrayList<>();
    List<Long> revs = new ArrayList<>();
    for (int i = 0; i < ops; i++) {
      int kind = mine.isEmpty() ? 0 : i % 3;
      if (kind == 0) {
        Comment created =
            store.append(
                post,
                (seq, rev) ->
                    new Comment(
                        CommentId.of(UUID.randomUUID()),
                        post,
                        seq,
                        rev,
                        new CommentContent("writer " + writer),
                        new Author(new UserId("u"), "u"),
                        clock.instant(),
                        clock.instant()));
        mine.add(created);
        revs.add(created.rev());
      } else if (kind == 1) {
        Comment edited =
            store.update(mine.get(0).withContent(new CommentContent("edit " + i), clock.instant()));
        mine.set(0, edited);
        revs.add(edited.rev());
      } else {
        revs.add(store.remove(post, mine.remove(mine.size() - 1).id()).orElseThrow().rev());
      }
    }
    return revs;
  }

  /** A second registry with its own SDK client: another thread of work, or another instance. */
  private DynamoDbConnectionRegistry otherRegistry() {
    DynamoDbClient client = EmbeddedDynamoDb.localClient(LocalDynamoDb.endpoint());
    return new DynamoDbConnectionRegistry(
        DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(),
        STORES.tables(),
        clock,
        DAY);
  }

  /** Runs both at once, as closely as two threads can. */
  private static void together(Runnable one, Runnable two) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      Future<?> a =
          pool.submit(
              () -> {
                go.await();
                one.run();
                return null;
              });
      Future<?> b =
          pool.submit(
              () -> {
                go.await();
                two.run();
                return null;
              });
      go.countDown();
      a.get();
      b.get();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefreshRacingADisconnectNeverBringsTheConnectionBack() throws Exception {
    DynamoDbConnectionRegistry other = otherRegistry();
    PostId post = PostId.of(UUID.randomUUID());
    for (int round = 0; round < 30; round++) {
      Connection connection = connect(post);
      clock.advance(Duration.ofHours(2)); // old enough for a touch to rewrite its expiry
      together(() -> registry.touch(connection.id()), () -> other.remove(connection.id()));
      assertTrue(registry.find(connection.id()).isEmpty(), "round " + round);
      assertFalse(
          Recipient.ids(registry.audienceOf(post)).contains(connection.id()), "round " + round);
    }
  }

  @Test
  void concurrentUnsubscribesFromTheLastTwoPostsLeaveAConnectionThatHearsEverything()
      throws Exception {
    DynamoDbConnectionRegistry other = otherRegistry();
    for (int round = 0; round < 20; round++) {
      PostId one = PostId.of(UUID.randomUUID());
      PostId two = PostId.of(UUID.randomUUID());
      Connection connection = connect(one, two);
      together(
          () -> registry.unsubscribe(connection.id(), one),
          () -> other.unsubscribe(connection.id(), two));
      assertEquals(Set.of(), registry.find(connection.id()).orElseThrow().subscriptions());
      assertTrue(
          Recipient.ids(registry.audienceOf(PostId.of(UUID.randomUUID())))
              .contains(connection.id()),
          "round " + round + ": subscribed to nothing, so it hears every post");
    }
  }

  @Test
  void concurrentSubscribesAreAllKept() throws Exception {
    DynamoDbConnectionRegistry other = otherRegistry();
    for (int round = 0; round < 20; round++) {
      PostId one = PostId.of(UUID.randomUUID());
      PostId two = PostId.of(UUID.randomUUID());
      Connection connection = connect();
      together(
          () -> registry.subscribe(connection.id(), one),
          () -> other.subscribe(connection.id(), two));
      assertEquals(Set.of(one, two), registry.find(connection.id()).orElseThrow().subscriptions());
      assertTrue(Recipient.ids(registry.audienceOf(one)).contains(connection.id()));
      assertTrue(Recipient.ids(registry.audienceOf(two)).contains(connection.id()));
      assertFalse(
          Recipient.ids(registry.audienceOf(PostId.of(UUID.randomUUID())))
              .contains(connection.id()),
          "round " + round + ": subscribed, so it no longer hears every post");
    }
  }
}
