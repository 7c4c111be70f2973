package io.livecomments.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.Author;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CommentStore} must do. Adapters extend this class and supply a fresh, empty
 * store; the in-memory fake and the real stores then pass the very same tests.
 */
public abstract class CommentStoreContractTest {

  /**
   * Ahead of the real clock, so that DynamoDB Local's own TTL sweeper leaves the change log alone:
   * only the store's clock decides what has expired.
   */
  protected static final Instant NOW = Instant.parse("2100-01-01T10:00:00Z");

  protected static final Author ALICE = new Author(new UserId("alice"), "alice@example.com");

  /** How long the stores under test keep a change. */
  protected static final Duration RETENTION = Duration.ofHours(1);

  protected CommentStore store;
  protected MutableClock clock;

  /**
   * A store with no comments in it, or at least none on posts that the tests create, that times
   * changes by {@code clock} and keeps them for {@code retention}.
   */
  protected abstract CommentStore newStore(Clock clock, Duration retention);

  @BeforeEach
  void createStore() {
    clock = new MutableClock(NOW);
    store = newStore(clock, RETENTION);
  }

  protected static PostId newPost() {
    return PostId.of(UUID.randomUUID());
  }

  protected Comment append(PostId postId, String text) {
    CommentId id = CommentId.of(UUID.randomUUID());
    return store.append(
        postId,
        (seq, rev) -> new Comment(id, postId, seq, rev, new CommentContent(text), ALICE, NOW, NOW));
  }

  private static List<Long> seqs(List<Comment> comments) {
    return comments.stream().map(Comment::seq).toList();
  }

  @Test
  void appendingNumbersAPostsCommentsOneTwoThree() {
    PostId post = newPost();
    assertEquals(1, append(post, "first").seq());
    assertEquals(2, append(post, "second").seq());
    assertEquals(3, append(post, "third").seq());
  }

  @Test
  void everyPostCountsItsOwnSeqs() {
    PostId one = newPost();
    PostId two = newPost();
    append(one, "a");
    append(one, "b");
    assertEquals(1, append(two, "c").seq());
    assertEquals(3, append(one, "d").seq());
  }

  @Test
  void fiftyThreadsPostingToOnePostGetSeqsOneToFiftyExactly() throws Exception {
    PostId post = newPost();
    int writers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<Long>> tasks = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int n = i;
        tasks.add(
            () -> {
              start.await();
              return append(post, "comment " + n).seq();
            });
      }
      List<Future<Long>> futures = new ArrayList<>();
      for (Callable<Long> task : tasks) {
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Long> got = new ArrayList<>();
      for (Future<Long> f : futures) {
        got.add(f.get());
      }
      got.sort(Long::compare);
      assertEquals(LongStream.rangeClosed(1, writers).boxed().toList(), got);
      assertEquals(got, seqs(store.findPage(post, SeqRange.ALL, SortOrder.ASC, writers + 10)));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAppendThatFailsUsesUpNoSeq() {
    PostId post = newPost();
    append(post, "one");
    assertThrows(
        IllegalStateException.class,
        () ->
            store.append(
                post,
                (seq, rev) -> {
                  throw new IllegalStateException("building the comment failed");
                }));
    assertEquals(2, append(post, "two").seq());
    assertEquals(List.of(1L, 2L), seqs(store.findPage(post, SeqRange.ALL, SortOrder.ASC, 10)));
  }

  @Test
  void aStoredCommentCanBeReadBackAsItWasWritten() {
    PostId post = newPost();
    String text = "  <b>untrimmed</b> & unescaped\n\t😀 ";
    Comment stored = append(post, text);
    Optional<Comment> found = store.findById(post, stored.id());
    assertEquals(Optional.of(stored), found);
    assertEquals(text, found.orElseThrow().content().value());
  }

  @Test
  void aCommentIsOnlyFoundUnderItsOwnPost() {
    Comment stored = append(newPost(), "hello");
    assertTrue(store.findById(newPost(), stored.id()).isEmpty());
    assertTrue(store.findById(stored.postId(), CommentId.of(UUID.randomUUID())).isEmpty());
  }

  @Test
  void pagesOldestFirstStartAfterTheGivenSeq() {
    PostId post = newPost();
    for (int i = 1; i <= 7; i++) {
      append(post, "c" + i);
    }
    assertEquals(List.of(1L, 2L, 3L), seqs(store.findPage(post, SeqRange.ALL, SortOrder.ASC, 3)));
    assertEquals(
        List.of(4L, 5L, 6L),
        seqs(store.findPage(post, new SeqRange(3, Long.MAX_VALUE), SortOrder.ASC, 3)));
    assertEquals(
        List.of(7L), seqs(store.findPage(post, new SeqRange(6, Long.MAX_VALUE), SortOrder.ASC, 3)));
    assertEquals(
        List.of(), seqs(store.findPage(post, new SeqRange(7, Long.MAX_VALUE), SortOrder.ASC, 3)));
  }

  @Test
  void pagesNewestFirstStartBeforeTheGivenSeq() {
    PostId post = newPost();
    for (int i = 1; i <= 5; i++) {
      append(post, "c" + i);
    }
    assertEquals(List.of(5L, 4L), seqs(store.findPage(post, SeqRange.ALL, SortOrder.DESC, 2)));
    assertEquals(
        List.of(3L, 2L), seqs(store.findPage(post, new SeqRange(0, 4), SortOrder.DESC, 2)));
    assertEquals(List.of(1L), seqs(store.findPage(post, new SeqRange(0, 2), SortOrder.DESC, 2)));
  }

  @Test
  void aPageCanBeBoundedOnBothSides() {
    PostId post = newPost();
    for (int i = 1; i <= 6; i++) {
      append(post, "c" + i);
    }
    assertEquals(
        List.of(3L, 4L), seqs(store.findPage(post, new SeqRange(2, 5), SortOrder.ASC, 10)));
    assertEquals(
        List.of(4L, 3L), seqs(store.findPage(post, new SeqRange(2, 5), SortOrder.DESC, 10)));
  }

  @Test
  void aLongConversationCanBeReadPageByPage() {
    PostId post = newPost();
    int total = 250;
    for (int i = 1; i <= total; i++) {
      append(post, "comment number " + i + " ".repeat(i % 7));
    }
    List<Long> read = new ArrayList<>();
    long after = 0;
    while (true) {
      List<Comment> page =
          store.findPage(post, new SeqRange(after, Long.MAX_VALUE), SortOrder.ASC, 100);
      if (page.isEmpty()) {
        break;
      }
      read.addAll(seqs(page));
      after = page.get(page.size() - 1).seq();
    }
    assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), read);
  }

  @Test
  void anUpdateReplacesTheContentKeepsTheSeqAndTakesTheNextRev() {
    PostId post = newPost();
    Comment original = append(post, "before");
    Comment edited = original.withContent(new CommentContent("after"), NOW.plusSeconds(60));
    Comment stored = store.update(edited);
    assertEquals(edited.withRev(2), stored);
    assertEquals(Optional.of(stored), store.findById(post, original.id()));
    assertEquals(List.of(stored), store.findPage(post, SeqRange.ALL, SortOrder.ASC, 10));
  }

  @Test
  void updatingADeletedCommentFailsAsNotFound() {
    PostId post = newPost();
    Comment original = append(post, "before");
    store.remove(post, original.id());
    Comment edited = original.withContent(new CommentContent("after"), NOW);
    assertThrows(CommentNotFoundException.class, () -> store.update(edited));
    assertTrue(store.findById(post, original.id()).isEmpty());
  }

  @Test
  void aDeletedCommentIsGoneAndItsSeqIsNeverReused() {
    PostId post = newPost();
    append(post, "one");
    Comment two = append(post, "two");
    append(post, "three");
    assertEquals(Optional.of(new Deletion(two, 4)), store.remove(post, two.id()));
    assertTrue(store.findById(post, two.id()).isEmpty());
    assertEquals(List.of(1L, 3L), seqs(store.findPage(post, SeqRange.ALL, SortOrder.ASC, 10)));
    assertEquals(4, append(post, "four").seq());
  }

  @Test
  void deletingTheNewestCommentStillLeavesItsSeqUnused() {
    PostId post = newPost();
    append(post, "one");
    Comment two = append(post, "two");
    store.remove(post, two.id());
    assertEquals(3, append(post, "three").seq());
  }

  @Test
  void deletingAnUnknownCommentFindsNothing() {
    assertEquals(Optional.empty(), store.remove(newPost(), CommentId.of(UUID.randomUUID())));
  }

  // The change stream (CONTRACT section 8).

  private static List<Long> revs(List<Change> changes) {
    return changes.stream().map(Change::rev).toList();
  }

  private List<Change> kept(PostId post, long afterRev, int max) {
    ChangesAfter found = store.changesAfter(post, afterRev, max);
    return assertInstanceOf(ChangesAfter.Kept.class, found, "changes after " + afterRev).changes();
  }

  /** Every change of the post, read page by page as a client catching up would. */
  private List<Change> allChanges(PostId post, int pageSize) {
    List<Change> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<Change> page = kept(post, after, pageSize);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).rev();
    }
  }

  @Test
  void createsEditsAndDeletesNumberThePostsChangesOneTwoThreeAndAreLogged() {
    PostId post = newPost();
    assertEquals(0, store.headRev(post));
    Comment a = append(post, "a");
    Comment b = append(post, "b");
    clock.advance(Duration.ofSeconds(5));
    Comment editedA = store.update(a.withContent(new CommentContent("a2"), clock.instant()));
    Deletion deletedB = store.remove(post, b.id()).orElseThrow();
    assertEquals(List.of(1L, 2L, 3L), List.of(a.rev(), b.rev(), editedA.rev()));
    assertEquals(4, deletedB.rev());
    assertEquals(b, deletedB.comment());
    assertEquals(4, store.headRev(post));
    assertEquals(Optional.of(editedA), store.findById(post, a.id()));
    assertEquals(
        List.of(
            Change.of(Change.Action.CREATED, a, NOW),
            Change.of(Change.Action.CREATED, b, NOW),
            Change.of(Change.Action.UPDATED, editedA, NOW.plusSeconds(5)),
            Change.deletion(4, b, NOW.plusSeconds(5))),
        kept(post, 0, 10));
    assertEquals(4, store.changesAfter(post, 0, 10).headRev());
  }

  @Test
  void aPostWithoutChangesHasHeadRevZeroAndNoChanges() {
    PostId post = newPost();
    assertEquals(0, store.headRev(post));
    assertEquals(new ChangesAfter.Kept(List.of(), 0), store.changesAfter(post, 0, 10));
  }

  @Test
  void changesAreReadPageByPageAfterTheGivenRev() {
    PostId post = newPost();
    Comment first = append(post, "c1");
    for (int i = 2; i <= 5; i++) {
      append(post, "c" + i);
    }
    store.update(first.withContent(new CommentContent("edited"), NOW));
    store.remove(post, first.id());
    assertEquals(List.of(1L, 2L, 3L), revs(kept(post, 0, 3)));
    assertEquals(List.of(4L, 5L, 6L), revs(kept(post, 3, 3)));
    assertEquals(List.of(7L), revs(kept(post, 6, 3)));
    assertEquals(List.of(), revs(kept(post, 7, 3)));
    assertEquals(List.of(), revs(kept(post, 100, 3)));
    assertEquals(7, store.changesAfter(post, 3, 3).headRev());
  }

  @Test
  void aChangeOlderThanTheRetentionIsExpiredNotMissing() {
    PostId post = newPost();
    Comment comment = append(post, "old");
    clock.advance(RETENTION.dividedBy(2));
    store.update(comment.withContent(new CommentContent("newer"), clock.instant()));
    clock.advance(RETENTION.dividedBy(2).plusSeconds(2));
    assertEquals(new ChangesAfter.Expired(2), store.changesAfter(post, 0, 10));
    assertEquals(List.of(2L), revs(kept(post, 1, 10)));
    clock.advance(RETENTION.dividedBy(2));
    assertEquals(new ChangesAfter.Expired(2), store.changesAfter(post, 1, 10));
    assertEquals(List.of(), revs(kept(post, 2, 10)));
    assertEquals(3, append(post, "after the log emptied").rev());
    assertEquals(List.of(3L), revs(kept(post, 2, 10)));
  }

  @Test
  void aFailedEditUsesUpNoRev() {
    PostId post = newPost();
    Comment one = append(post, "one");
    store.remove(post, one.id());
    assertThrows(
        CommentNotFoundException.class,
        () -> store.update(one.withContent(new CommentContent("too late"), NOW)));
    assertEquals(Optional.empty(), store.remove(post, one.id()));
    assertEquals(2, store.headRev(post));
    assertEquals(3, append(post, "two").rev());
    assertEquals(List.of(1L, 2L, 3L), revs(allChanges(post, 10)));
  }

  @Test
  void concurrentCreatesEditsAndDeletesOnOnePostGetRevsOneToNExactlyAndAreAllLogged()
      throws Exception {
    PostId post = newPost();
    int writers = 8;
    int opsPerWriter = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Change>>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return writeMix(post, writer, opsPerWriter);
                }));
      }
      start.countDown();
      Map<Long, Change> acknowledged = new HashMap<>();
      for (Future<List<Change>> f : futures) {
        for (Change change : f.get()) {
          assertEquals(null, acknowledged.put(change.rev(), change), "rev handed out twice");
        }
      }
      int n = writers * opsPerWriter;
      assertEquals(
          LongStream.rangeClosed(1, n).boxed().toList(),
          acknowledged.keySet().stream().sorted().toList());
      assertEquals(n, store.headRev(post));
      List<Change> logged = allChanges(post, 37);
      assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), revs(logged));
      for (Change change : logged) {
        Change ack = acknowledged.get(change.rev());
        assertEquals(ack.action(), change.action(), "action of rev " + change.rev());
        assertEquals(ack.commentId(), change.commentId(), "comment of rev " + change.rev());
        assertEquals(ack.comment(), change.comment(), "comment state of rev " + change.rev());
      }
      // Replaying the log from nothing gives exactly what the store shows now.
      Map<CommentId, Comment> replayed = new HashMap<>();
      for (Change change : logged) {
        change
            .comment()
            .ifPresentOrElse(
                c -> replayed.put(c.id(), c), () -> replayed.remove(change.commentId()));
      }
      List<Comment> current = store.findPage(post, SeqRange.ALL, SortOrder.ASC, n + 1);
      assertEquals(current.size(), replayed.size());
      for (Comment comment : current) {
        assertEquals(comment, replayed.get(comment.id()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One writer's share of the race: creates its own comments, edits and deletes them at random, and
   * returns each acknowledged change as the store reported it.
   */
  private List<Change> writeMix(PostId post, int writer, int ops) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Comment> mine = new ArrayList<>();
    List<Change> done = new ArrayList<>();
    for (int i = 0; i < ops; i++) {
      int kind = mine.isEmpty() ? 0 : random.nextInt(3);
      if (kind == 0) {
        Comment created = append(post, "writer " + writer + " comment " + i);
        mine.add(created);
        done.add(Change.of(Change.Action.CREATED, created, NOW));
      } else if (kind == 1) {
        int at = random.nextInt(mine.size());
        Comment edited =
            store.update(
                mine.get(at).withContent(new CommentContent("edit " + i + " by " + writer), NOW));
        mine.set(at, edited);
        done.add(Change.of(Change.Action.UPDATED, edited, NOW));
      } else {
        Comment victim = mine.remove(random.nextInt(mine.size()));
        Deletion deletion = store.remove(post, victim.id()).orElseThrow();
        assertEquals(victim, deletion.comment());
        done.add(Change.deletion(deletion.rev(), victim, NOW));
      }
    }
    return done;
  }
}
