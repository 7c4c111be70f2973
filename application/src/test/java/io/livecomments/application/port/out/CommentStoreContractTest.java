package io.livecomments.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CommentStore} must do. Adapters extend this class and supply a fresh, empty
 * store; the in-memory fake and the real stores then pass the very same tests.
 */
public abstract class CommentStoreContractTest {

  protected static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  protected static final Author ALICE = new Author(new UserId("alice"), "alice@example.com");

  protected CommentStore store;

  /** A store with no comments in it, or at least none on posts that the tests create. */
  protected abstract CommentStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static PostId newPost() {
    return PostId.of(UUID.randomUUID());
  }

  protected Comment append(PostId postId, String text) {
    CommentId id = CommentId.of(UUID.randomUUID());
    return store.append(
        postId, seq -> new Comment(id, postId, seq, new CommentContent(text), ALICE, NOW, NOW));
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
                seq -> {
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
  void anUpdateReplacesTheContentAndKeepsTheSeq() {
    PostId post = newPost();
    Comment original = append(post, "before");
    Comment edited = original.withContent(new CommentContent("after"), NOW.plusSeconds(60));
    store.update(edited);
    assertEquals(Optional.of(edited), store.findById(post, original.id()));
    assertEquals(List.of(edited), store.findPage(post, SeqRange.ALL, SortOrder.ASC, 10));
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
    assertEquals(Optional.of(two), store.remove(post, two.id()));
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
}
