package io.livecomments.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionRegistry} must do; adapters extend it with a fresh registry. */
public abstract class ConnectionRegistryContractTest {

  protected static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  protected ConnectionRegistry registry;

  /** A fresh registry; one that may hand out an earlier count must be set to count every time. */
  protected abstract ConnectionRegistry newRegistry();

  @BeforeEach
  void createRegistry() {
    registry = newRegistry();
  }

  /** Ids shaped like API Gateway's, '=' and '+' included. */
  protected static ConnectionId newConnectionId() {
    byte[] bytes = new byte[11];
    ThreadLocalRandom.current().nextBytes(bytes);
    return new ConnectionId(java.util.Base64.getEncoder().encodeToString(bytes));
  }

  protected static PostId newPost() {
    return PostId.of(UUID.randomUUID());
  }

  protected Connection connect(PostId... posts) {
    Connection connection =
        new Connection(newConnectionId(), Set.of(posts), Optional.of(new UserId("u1")), NOW);
    registry.register(connection);
    return connection;
  }

  private static Set<ConnectionId> set(List<ConnectionId> ids) {
    return new HashSet<>(ids);
  }

  @Test
  void aConnectionThatAskedForBatchesIsReadBackAsSuchByEveryRead() {
    PostId post = newPost();
    PostId later = newPost();
    Connection batching =
        new Connection(newConnectionId(), Set.of(post), Optional.empty(), NOW, true);
    Connection hearingAll =
        new Connection(newConnectionId(), Set.of(), Optional.empty(), NOW, true);
    registry.register(batching);
    registry.register(hearingAll);
    Connection plain = connect(post);

    assertEquals(Optional.of(batching), registry.find(batching.id()));
    List<Recipient> audience = registry.audienceOf(post);
    assertTrue(audience.contains(new Recipient(batching.id(), true)), audience.toString());
    assertTrue(audience.contains(new Recipient(hearingAll.id(), true)), audience.toString());
    assertTrue(audience.contains(new Recipient(plain.id(), false)), audience.toString());
    assertTrue(registry.all().contains(new Recipient(batching.id(), true)));
    assertTrue(registry.all().contains(new Recipient(plain.id(), false)));

    // A subscription change rewrites the connection; it must not lose the flag.
    assertTrue(registry.subscribe(batching.id(), later).orElseThrow().batch());
    assertTrue(registry.audienceOf(later).contains(new Recipient(batching.id(), true)));
    assertTrue(registry.unsubscribe(batching.id(), post).orElseThrow().batch());
    assertTrue(registry.find(batching.id()).orElseThrow().batch());
  }

  @Test
  void aRegisteredConnectionIsFoundWithItsSubscriptionsAndUser() {
    PostId post = newPost();
    Connection connection = connect(post);
    assertEquals(Optional.of(connection), registry.find(connection.id()));
  }

  @Test
  void aPostsAudienceIsItsSubscribersAndTheConnectionsWithoutSubscriptions() {
    PostId post = newPost();
    PostId other = newPost();
    Connection subscriber = connect(post);
    Connection everything = connect();
    Connection elsewhere = connect(other);
    Connection both = connect(post, other);

    Set<ConnectionId> audience = set(Recipient.ids(registry.audienceOf(post)));
    assertTrue(audience.containsAll(Set.of(subscriber.id(), everything.id(), both.id())));
    assertTrue(!audience.contains(elsewhere.id()));
    assertEquals(Recipient.ids(registry.audienceOf(post)).size(), audience.size(), "no one twice");
  }

  @Test
  void subscribingAndUnsubscribingChangeTheAudience() {
    PostId post = newPost();
    PostId other = newPost();
    Connection connection = connect(other);

    assertEquals(
        Set.of(post, other),
        registry.subscribe(connection.id(), post).orElseThrow().subscriptions());
    assertTrue(Recipient.ids(registry.audienceOf(post)).contains(connection.id()));

    assertEquals(
        Set.of(other), registry.unsubscribe(connection.id(), post).orElseThrow().subscriptions());
    assertTrue(!Recipient.ids(registry.audienceOf(post)).contains(connection.id()));
  }

  @Test
  void unsubscribingFromTheLastPostMeansHearingEverything() {
    PostId post = newPost();
    Connection connection = connect(post);
    registry.unsubscribe(connection.id(), post);
    assertTrue(Recipient.ids(registry.audienceOf(newPost())).contains(connection.id()));
  }

  @Test
  void subscriptionChangesToUnknownConnectionsFindNothing() {
    ConnectionId stranger = newConnectionId();
    assertEquals(Optional.empty(), registry.subscribe(stranger, newPost()));
    assertEquals(Optional.empty(), registry.unsubscribe(stranger, newPost()));
    assertTrue(registry.find(stranger).isEmpty());
  }

  @Test
  void aRemovedConnectionIsInNoAudienceAnyMore() {
    PostId post = newPost();
    Connection subscriber = connect(post);
    Connection everything = connect();
    registry.remove(subscriber.id());
    registry.remove(everything.id());
    registry.remove(newConnectionId());

    assertTrue(registry.find(subscriber.id()).isEmpty());
    assertTrue(!Recipient.ids(registry.audienceOf(post)).contains(subscriber.id()));
    assertTrue(!Recipient.ids(registry.all()).contains(everything.id()));
  }

  @Test
  void registeringAgainReplacesWhatWasKnown() {
    PostId post = newPost();
    Connection first = connect(post);
    Connection again = new Connection(first.id(), Set.of(), Optional.empty(), NOW.plusSeconds(1));
    registry.register(again);
    assertEquals(Optional.of(again), registry.find(first.id()));
    assertTrue(Recipient.ids(registry.audienceOf(newPost())).contains(first.id()));
  }

  @Test
  void touchingKeepsAConnectionAsItIsAndIgnoresStrangers() {
    PostId post = newPost();
    Connection connection = connect(post);
    registry.touch(connection.id());
    registry.touch(newConnectionId());
    assertEquals(Optional.of(connection), registry.find(connection.id()));
    assertTrue(Recipient.ids(registry.audienceOf(post)).contains(connection.id()));
  }

  @Test
  void aConnectionWithManySubscriptionsCanBeRegisteredReplacedAndRemoved() {
    Set<PostId> many = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      many.add(newPost());
    }
    Connection wide = new Connection(newConnectionId(), many, Optional.empty(), NOW);
    registry.register(wide);
    assertEquals(Optional.of(wide), registry.find(wide.id()));
    PostId some = many.iterator().next();
    assertTrue(Recipient.ids(registry.audienceOf(some)).contains(wide.id()));

    Connection narrow = new Connection(wide.id(), Set.of(newPost()), Optional.empty(), NOW);
    registry.register(narrow);
    assertEquals(Optional.of(narrow), registry.find(wide.id()));
    assertTrue(!Recipient.ids(registry.audienceOf(some)).contains(wide.id()));

    registry.remove(wide.id());
    assertTrue(registry.find(wide.id()).isEmpty());
  }

  @Test
  void allAndCountSeeEveryConnection() {
    int before = registry.count().connections();
    Connection a = connect();
    Connection b = connect(newPost());
    assertEquals(before + 2, registry.count().connections());
    assertTrue(Recipient.ids(registry.all()).containsAll(List.of(a.id(), b.id())));
  }

  @Test
  void concurrentConnectsAndDisconnectsLeaveAConsistentRegistry() throws Exception {
    PostId post = newPost();
    int before = registry.count().connections();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Connection>> kept = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        boolean keep = i % 2 == 0;
        kept.add(
            pool.submit(
                () -> {
                  Connection c = connect(post);
                  if (!keep) {
                    registry.remove(c.id());
                    return null;
                  }
                  return c;
                }));
      }
      Set<ConnectionId> expected = new HashSet<>();
      for (Future<Connection> f : kept) {
        Connection c = f.get();
        if (c != null) {
          expected.add(c.id());
        }
      }
      assertEquals(
          expected,
          set(Recipient.ids(registry.audienceOf(post))).stream()
              .filter(expected::contains)
              .collect(java.util.stream.Collectors.toSet()));
      assertEquals(before + 100, registry.count().connections());
    } finally {
      pool.shutdownNow();
    }
  }
}
