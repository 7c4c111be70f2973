package io.livecomments.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.in.CreatePostUseCase.CreatePostCommand;
import io.livecomments.application.port.in.DeleteCommentUseCase.DeleteCommentCommand;
import io.livecomments.application.port.in.EditCommentUseCase.EditCommentCommand;
import io.livecomments.application.port.in.IdempotencyConflictException;
import io.livecomments.application.port.in.ListCommentsUseCase.CommentPage;
import io.livecomments.application.port.in.ListCommentsUseCase.ListCommentsQuery;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.in.PostCommentUseCase.PostCommentCommand;
import io.livecomments.application.port.in.PostCommentUseCase.PostedComment;
import io.livecomments.application.port.in.RateLimitExceededException;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.IdempotencyRecord;
import io.livecomments.application.port.out.IdempotencyStore;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.application.service.CreatePostService;
import io.livecomments.application.service.DeleteCommentService;
import io.livecomments.application.service.EditCommentService;
import io.livecomments.application.service.GetCommentService;
import io.livecomments.application.service.ListCommentsService;
import io.livecomments.application.service.PostCommentService;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostNotFoundException;
import io.livecomments.domain.PostTitle;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The comment use cases, wired with the in-memory adapters the way another team's tests would wire
 * them: no mocks, just the fakes this module ships.
 */
class CommentUseCasesTest {

  private static final Author ALICE = new Author(new UserId("alice"), "alice@example.com");
  private static final Author BOB = new Author(new UserId("bob"), "bob@example.com");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final InMemoryPostStore posts = new InMemoryPostStore();
  private final FlakyCommentStore comments = new FlakyCommentStore(new InMemoryCommentStore());
  private final InMemoryIdempotencyStore keys = new InMemoryIdempotencyStore();
  private final List<CommentEvent> published = new CopyOnWriteArrayList<>();
  private CommentEventPublisher publisher = published::add;
  private RateLimiter rateLimiter = RateLimiter.unlimited();
  private final IdGenerator ids = UUID::randomUUID;

  private PostCommentService postService() {
    return new PostCommentService(
        posts, comments, keys, rateLimiter, event -> publisher.publish(event), ids, clock);
  }

  private final ListCommentsService list = new ListCommentsService(posts, comments);
  private final GetCommentService get = new GetCommentService(posts, comments);
  private final EditCommentService edit =
      new EditCommentService(posts, comments, event -> publisher.publish(event), clock);
  private final DeleteCommentService delete =
      new DeleteCommentService(posts, comments, event -> publisher.publish(event));

  private Post newPost(Author author) {
    return new CreatePostService(posts, ids, clock)
        .createPost(new CreatePostCommand(author, new PostTitle("A post")));
  }

  private PostedComment post(PostId postId, Author author, String text, String key) {
    return postService()
        .postComment(
            new PostCommentCommand(
                postId,
                PostAccess.ANY_POST,
                author,
                new CommentContent(text),
                Optional.ofNullable(key).map(IdempotencyKey::new)));
  }

  private Comment post(PostId postId, String text) {
    return post(postId, ALICE, text, null).comment();
  }

  private CommentPage page(PostId postId, SeqRange range, SortOrder order, int limit) {
    return list.listComments(
        new ListCommentsQuery(postId, PostAccess.ANY_POST, range, order, limit));
  }

  @Test
  void postingACommentStoresItWithTheNextSeqAndTellsConnectedClients() {
    PostId postId = newPost(BOB).id();
    Comment first = post(postId, "first");
    Comment second = post(postId, "second");

    assertEquals(1, first.seq());
    assertEquals(2, second.seq());
    assertEquals(ALICE, second.author());
    assertEquals(clock.instant(), second.createdAt());
    assertEquals(second.createdAt(), second.updatedAt());
    assertEquals(
        List.of(new CommentEvent.Created(first), new CommentEvent.Created(second)), published);
    assertEquals(second, get.getComment(postId, PostAccess.ANY_POST, second.id()));
  }

  @Test
  void commentingOnAPostThatDoesNotExistFailsAndCreatesNothing() {
    PostId unknown = PostId.of(UUID.randomUUID());
    assertThrows(PostNotFoundException.class, () -> post(unknown, "hello"));
    assertTrue(comments.findPage(unknown, SeqRange.ALL, SortOrder.ASC, 10).isEmpty());
    assertTrue(published.isEmpty());
  }

  @Test
  void repeatingAnIdempotencyKeyReturnsTheOriginalCommentAndCreatesNothingNew() {
    PostId postId = newPost(BOB).id();
    PostedComment original = post(postId, ALICE, "once", "k-1");
    clock.advance(Duration.ofHours(23));
    PostedComment retry = post(postId, ALICE, "once", "k-1");

    assertFalse(original.replayed());
    assertTrue(retry.replayed());
    assertEquals(original.comment(), retry.comment());
    assertEquals(1, published.size());
    assertEquals(1, page(postId, SeqRange.ALL, SortOrder.ASC, 10).comments().size());
  }

  @Test
  void anIdempotencyKeyCreatesAgainAfterTwentyFourHours() {
    PostId postId = newPost(BOB).id();
    Comment original = post(postId, ALICE, "once", "k-1").comment();
    clock.advance(Duration.ofHours(24));
    PostedComment later = post(postId, ALICE, "once", "k-1");

    assertFalse(later.replayed());
    assertEquals(original.seq() + 1, later.comment().seq());
  }

  @Test
  void idempotencyKeysBelongToTheUserWhoSentThem() {
    PostId postId = newPost(BOB).id();
    Comment alices = post(postId, ALICE, "from alice", "shared-key").comment();
    PostedComment bobs = post(postId, BOB, "from bob", "shared-key");
    assertFalse(bobs.replayed());
    assertEquals(alices.seq() + 1, bobs.comment().seq());
  }

  @Test
  void aFailedWriteReleasesItsIdempotencyKeySoThatTheRetryCreatesTheComment() {
    PostId postId = newPost(BOB).id();
    comments.failNextAppend();
    assertThrows(StoreUnavailableException.class, () -> post(postId, ALICE, "hello", "k-2"));
    assertTrue(published.isEmpty());

    PostedComment retry = post(postId, ALICE, "hello", "k-2");
    assertFalse(retry.replayed());
    assertEquals(1, retry.comment().seq());
  }

  @Test
  void whenTheReleaseFailsTooTheWritesFailureIsReportedWithTheReleasesAttached() {
    PostId postId = newPost(BOB).id();
    IllegalStateException releaseFailure = new IllegalStateException("release failed");
    IdempotencyStore failingRelease =
        new IdempotencyStore() {
          @Override
          public Optional<IdempotencyRecord> find(UserId user, IdempotencyKey key, Instant now) {
            return keys.find(user, key, now);
          }

          @Override
          public Optional<IdempotencyRecord> claim(IdempotencyRecord record, Instant now) {
            return keys.claim(record, now);
          }

          @Override
          public void release(IdempotencyRecord record) {
            throw releaseFailure;
          }
        };
    PostCommentService service =
        new PostCommentService(
            posts, comments, failingRelease, rateLimiter, published::add, ids, clock);
    comments.failNextAppend();
    StoreUnavailableException thrown =
        assertThrows(
            StoreUnavailableException.class,
            () ->
                service.postComment(
                    new PostCommentCommand(
                        postId,
                        PostAccess.ANY_POST,
                        ALICE,
                        new CommentContent("hello"),
                        Optional.of(new IdempotencyKey("k-release")))));
    assertEquals(List.of(releaseFailure), List.of(thrown.getSuppressed()));
  }

  @Test
  void aKeyWhoseCommentWasDeletedIsAConflictRatherThanANewComment() {
    PostId postId = newPost(BOB).id();
    Comment original = post(postId, ALICE, "soon gone", "k-3").comment();
    delete.deleteComment(
        new DeleteCommentCommand(postId, PostAccess.ANY_POST, original.id(), ALICE.id()));
    assertThrows(IdempotencyConflictException.class, () -> post(postId, ALICE, "again", "k-3"));
  }

  @Test
  void writingFasterThanTheLimitIsRefusedWithTheTimeToWait() {
    rateLimiter = new InMemoryRateLimiter(3, clock);
    PostId postId = newPost(BOB).id();
    post(postId, ALICE, "1", "a");
    post(postId, ALICE, "2", null);
    post(postId, ALICE, "3", null);

    RateLimitExceededException refused =
        assertThrows(RateLimitExceededException.class, () -> post(postId, ALICE, "4", null));
    assertEquals(Duration.ofSeconds(20), refused.retryAfter());
    assertTrue(post(postId, ALICE, "1", "a").replayed(), "a replay is not a new write");
    assertEquals(4, post(postId, BOB, "bob is not limited by alice", null).comment().seq());
  }

  @Test
  void aPublisherThatFailsDoesNotFailTheComment() {
    publisher =
        event -> {
          throw new IllegalStateException("gateway down");
        };
    PostId postId = newPost(BOB).id();
    Comment stored = post(postId, "still saved");
    assertEquals(Optional.of(stored), comments.findById(postId, stored.id()));
  }

  @Test
  void pagesOldestFirstSayWhereTheNextPageStarts() {
    PostId postId = newPost(BOB).id();
    for (int i = 1; i <= 5; i++) {
      post(postId, "c" + i);
    }
    CommentPage first = page(postId, SeqRange.ALL, SortOrder.ASC, 2);
    assertEquals(List.of(1L, 2L), first.comments().stream().map(Comment::seq).toList());
    assertEquals(OptionalLong.of(2), first.nextAfterSeq());
    assertEquals(OptionalLong.empty(), first.nextBeforeSeq());

    CommentPage last = page(postId, new SeqRange(4, Long.MAX_VALUE), SortOrder.ASC, 2);
    assertEquals(List.of(5L), last.comments().stream().map(Comment::seq).toList());
    assertEquals(OptionalLong.empty(), last.nextAfterSeq());

    CommentPage exact = page(postId, new SeqRange(3, Long.MAX_VALUE), SortOrder.ASC, 2);
    assertEquals(OptionalLong.empty(), exact.nextAfterSeq(), "nothing follows seq 5");
  }

  @Test
  void pagesNewestFirstSayWhereTheNextPageStarts() {
    PostId postId = newPost(BOB).id();
    for (int i = 1; i <= 5; i++) {
      post(postId, "c" + i);
    }
    CommentPage first = page(postId, SeqRange.ALL, SortOrder.DESC, 3);
    assertEquals(List.of(5L, 4L, 3L), first.comments().stream().map(Comment::seq).toList());
    assertEquals(OptionalLong.of(3), first.nextBeforeSeq());
    assertEquals(OptionalLong.empty(), first.nextAfterSeq());

    CommentPage second = page(postId, new SeqRange(0, 3), SortOrder.DESC, 3);
    assertEquals(List.of(2L, 1L), second.comments().stream().map(Comment::seq).toList());
    assertEquals(OptionalLong.empty(), second.nextBeforeSeq());
  }

  @Test
  void aLimitOutsideOneToAHundredIsRefused() {
    PostId postId = newPost(BOB).id();
    assertEquals(
        "limit",
        assertThrows(
                InvalidValueException.class, () -> page(postId, SeqRange.ALL, SortOrder.ASC, 0))
            .field());
    assertThrows(InvalidValueException.class, () -> page(postId, SeqRange.ALL, SortOrder.ASC, 101));
  }

  @Test
  void onlyTheAuthorMayEditAndTheEditIsPublished() {
    PostId postId = newPost(BOB).id();
    Comment original = post(postId, "typo");
    clock.advance(Duration.ofMinutes(5));

    assertThrows(
        AccessDeniedException.class,
        () ->
            edit.editComment(
                new EditCommentCommand(
                    postId,
                    PostAccess.ANY_POST,
                    original.id(),
                    BOB.id(),
                    new CommentContent("x"))));
    Comment edited =
        edit.editComment(
            new EditCommentCommand(
                postId,
                PostAccess.ANY_POST,
                original.id(),
                ALICE.id(),
                new CommentContent("fixed")));

    assertEquals("fixed", edited.content().value());
    assertEquals(original.seq(), edited.seq());
    assertEquals(original.createdAt(), edited.createdAt());
    assertEquals(clock.instant(), edited.updatedAt());
    assertEquals(new CommentEvent.Edited(edited), published.get(published.size() - 1));
  }

  @Test
  void onlyTheAuthorMayDeleteAndADeletedCommentIsNoLongerListed() {
    PostId postId = newPost(BOB).id();
    Comment first = post(postId, "one");
    Comment second = post(postId, "two");

    assertThrows(
        AccessDeniedException.class,
        () ->
            delete.deleteComment(
                new DeleteCommentCommand(postId, PostAccess.ANY_POST, first.id(), BOB.id())));
    delete.deleteComment(
        new DeleteCommentCommand(postId, PostAccess.ANY_POST, first.id(), ALICE.id()));

    assertEquals(List.of(second), page(postId, SeqRange.ALL, SortOrder.ASC, 10).comments());
    assertInstanceOf(CommentEvent.Deleted.class, published.get(published.size() - 1));
    assertThrows(
        CommentNotFoundException.class,
        () -> get.getComment(postId, PostAccess.ANY_POST, first.id()));
    assertThrows(
        CommentNotFoundException.class,
        () ->
            delete.deleteComment(
                new DeleteCommentCommand(postId, PostAccess.ANY_POST, first.id(), ALICE.id())));
  }

  @Test
  void myNotesAreOnlyReachableByTheirAuthor() {
    PostId bobsNote = newPost(BOB).id();
    post(bobsNote, "hello");
    assertThrows(
        AccessDeniedException.class,
        () ->
            list.listComments(
                new ListCommentsQuery(
                    bobsNote, PostAccess.ownedBy(ALICE.id()), SeqRange.ALL, SortOrder.ASC, 10)));
    assertEquals(
        1,
        list.listComments(
                new ListCommentsQuery(
                    bobsNote, PostAccess.ownedBy(BOB.id()), SeqRange.ALL, SortOrder.ASC, 10))
            .comments()
            .size());
  }

  /** The in-memory store, with the means to make the next append fail like a lost connection. */
  private static final class FlakyCommentStore implements CommentStore {
    private final CommentStore delegate;
    private final AtomicBoolean failNext = new AtomicBoolean();

    FlakyCommentStore(CommentStore delegate) {
      this.delegate = delegate;
    }

    void failNextAppend() {
      failNext.set(true);
    }

    @Override
    public Comment append(PostId postId, NewComment newComment) {
      if (failNext.getAndSet(false)) {
        throw new StoreUnavailableException("connection lost", null);
      }
      return delegate.append(postId, newComment);
    }

    @Override
    public Optional<Comment> findById(PostId postId, io.livecomments.domain.CommentId commentId) {
      return delegate.findById(postId, commentId);
    }

    @Override
    public List<Comment> findPage(PostId postId, SeqRange range, SortOrder order, int max) {
      return delegate.findPage(postId, range, order, max);
    }

    @Override
    public Comment update(Comment comment) {
      return delegate.update(comment);
    }

    @Override
    public Optional<io.livecomments.application.port.out.Deletion> remove(
        PostId postId, io.livecomments.domain.CommentId commentId) {
      return delegate.remove(postId, commentId);
    }

    @Override
    public long headRev(PostId postId) {
      return delegate.headRev(postId);
    }

    @Override
    public io.livecomments.application.port.out.ChangesAfter changesAfter(
        PostId postId, long afterRev, int max) {
      return delegate.changesAfter(postId, afterRev, max);
    }
  }
}
