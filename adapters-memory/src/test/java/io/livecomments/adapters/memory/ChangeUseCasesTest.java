package io.livecomments.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livecomments.application.port.in.ChangesExpiredException;
import io.livecomments.application.port.in.CreatePostUseCase.CreatePostCommand;
import io.livecomments.application.port.in.DeleteCommentUseCase.DeleteCommentCommand;
import io.livecomments.application.port.in.EditCommentUseCase.EditCommentCommand;
import io.livecomments.application.port.in.ListChangesUseCase.ChangePage;
import io.livecomments.application.port.in.ListChangesUseCase.ListChangesQuery;
import io.livecomments.application.port.in.ListCommentsUseCase.ListCommentsQuery;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.in.PostCommentUseCase.PostCommentCommand;
import io.livecomments.application.port.out.CommentEvent;
import io.livecomments.application.port.out.RateLimiter;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.service.CreatePostService;
import io.livecomments.application.service.DeleteCommentService;
import io.livecomments.application.service.EditCommentService;
import io.livecomments.application.service.ListChangesService;
import io.livecomments.application.service.ListCommentsService;
import io.livecomments.application.service.PostCommentService;
import io.livecomments.application.testing.MutableClock;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.Author;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.InvalidValueException;
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
import org.junit.jupiter.api.Test;

/** The change stream's use cases and the revs of pushed events, on the in-memory adapters. */
class ChangeUseCasesTest {

  private static final Author ALICE = new Author(new UserId("alice"), "alice@example.com");
  private static final Duration RETENTION = Duration.ofDays(7);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final InMemoryPostStore posts = new InMemoryPostStore();
  private final InMemoryCommentStore comments = new InMemoryCommentStore(clock, RETENTION);
  private final List<CommentEvent> published = new CopyOnWriteArrayList<>();
  private final PostCommentService postComment =
      new PostCommentService(
          posts,
          comments,
          new InMemoryIdempotencyStore(),
          RateLimiter.unlimited(),
          published::add,
          UUID::randomUUID,
          clock);
  private final EditCommentService edit =
      new EditCommentService(posts, comments, published::add, clock);
  private final DeleteCommentService delete =
      new DeleteCommentService(posts, comments, published::add);
  private final ListCommentsService listComments = new ListCommentsService(posts, comments);
  private final ListChangesService listChanges = new ListChangesService(posts, comments);

  private PostId newPost() {
    return new CreatePostService(posts, UUID::randomUUID, clock)
        .createPost(new CreatePostCommand(ALICE, new PostTitle("p")))
        .id();
  }

  private Comment post(PostId post, String text) {
    return postComment
        .postComment(
            new PostCommentCommand(
                post, PostAccess.ANY_POST, ALICE, new CommentContent(text), Optional.empty()))
        .comment();
  }

  private Comment edit(Comment comment, String text) {
    return edit.editComment(
        new EditCommentCommand(
            comment.postId(),
            PostAccess.ANY_POST,
            comment.id(),
            ALICE.id(),
            new CommentContent(text)));
  }

  private void delete(Comment comment) {
    delete.deleteComment(
        new DeleteCommentCommand(comment.postId(), PostAccess.ANY_POST, comment.id(), ALICE.id()));
  }

  private ChangePage changes(PostId post, long afterRev, int limit) {
    return listChanges.listChanges(
        new ListChangesQuery(post, PostAccess.ANY_POST, afterRev, limit));
  }

  @Test
  void everyEventCarriesTheRevOfItsChangeAndPagesTheHeadRev() {
    PostId post = newPost();
    Comment first = post(post, "one");
    Comment edited = edit(first, "one, edited");
    delete(edited);
    assertEquals(
        List.of(1L, 2L, 3L), published.stream().map(CommentEvent::rev).toList(), "gapless revs");
    CommentEvent.Deleted deletion = (CommentEvent.Deleted) published.get(2);
    assertEquals(edited, deletion.comment(), "the comment as it was, with its own rev");
    assertEquals(2, edited.rev());
    post(post, "two");
    assertEquals(
        4,
        listComments
            .listComments(
                new ListCommentsQuery(post, PostAccess.ANY_POST, SeqRange.ALL, SortOrder.ASC, 10))
            .headRev());
  }

  @Test
  void changesArePagedUntilTheHead() {
    PostId post = newPost();
    Comment comment = post(post, "c");
    for (int i = 0; i < 4; i++) {
      comment = edit(comment, "c" + i);
    }
    ChangePage first = changes(post, 0, 2);
    assertEquals(List.of(1L, 2L), first.changes().stream().map(Change::rev).toList());
    assertEquals(OptionalLong.of(2), first.nextAfterRev());
    assertEquals(5, first.headRev());
    ChangePage last = changes(post, 4, 2);
    assertEquals(List.of(5L), last.changes().stream().map(Change::rev).toList());
    assertEquals(OptionalLong.empty(), last.nextAfterRev());
    assertEquals(new ChangePage(post, List.of(), OptionalLong.empty(), 5), changes(post, 9, 2));
  }

  @Test
  void changesPastTheRetentionAreExpired() {
    PostId post = newPost();
    Comment comment = post(post, "old");
    clock.advance(RETENTION.plusSeconds(1));
    edit(comment, "new");
    ChangesExpiredException expired =
        assertThrows(ChangesExpiredException.class, () -> changes(post, 0, 10));
    assertEquals(0, expired.afterRev());
    assertEquals(List.of(2L), changes(post, 1, 10).changes().stream().map(Change::rev).toList());
  }

  @Test
  void theQueryIsCheckedAndThePostMustBeReachable() {
    PostId post = newPost();
    assertThrows(
        InvalidValueException.class, () -> new ListChangesQuery(post, PostAccess.ANY_POST, -1, 10));
    assertThrows(
        InvalidValueException.class, () -> new ListChangesQuery(post, PostAccess.ANY_POST, 0, 0));
    assertThrows(
        InvalidValueException.class, () -> new ListChangesQuery(post, PostAccess.ANY_POST, 0, 501));
    assertThrows(PostNotFoundException.class, () -> changes(PostId.of(UUID.randomUUID()), 0, 10));
    assertThrows(
        AccessDeniedException.class,
        () ->
            listChanges.listChanges(
                new ListChangesQuery(post, PostAccess.ownedBy(new UserId("bob")), 0, 10)));
  }
}
