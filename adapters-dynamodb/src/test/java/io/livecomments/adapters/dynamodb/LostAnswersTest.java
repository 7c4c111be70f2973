package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.Deletion;
import io.livecomments.application.port.out.IdempotencyRecord;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.StoreOutcomeUnknownException;
import io.livecomments.domain.Author;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostTitle;
import io.livecomments.domain.UserId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A write that DynamoDB carried out but whose answer never arrived (a reset connection, a timeout):
 * the SDK retries it, or gives up, and the stores must neither write twice nor report a failure
 * that leaves a retrying client with a duplicate or a stuck key.
 */
class LostAnswersTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();
  private static final Instant NOW = Instant.parse("2100-01-01T00:00:00Z");

  /** Lets DynamoDB do the first call of one operation, then loses its successful answer. */
  private static final class LoseFirstAnswer implements ExecutionInterceptor {
    private final String operation;
    private final AtomicBoolean lost = new AtomicBoolean();

    LoseFirstAnswer(String operation) {
      this.operation = operation;
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
          && context.httpResponse().isSuccessful()
          && lost.compareAndSet(false, true)) {
        throw SdkClientException.create(
            "answer lost (test)", new IOException("Connection reset (test)"));
      }
      return context.httpResponse();
    }
  }

  /**
   * Lets DynamoDB carry out every call of the operations, then fails in place of each answer, with
   * an error the SDK does not retry: a DynamoDB that works but cannot be heard from.
   */
  private static final class LoseEveryAnswer implements ExecutionInterceptor {
    private final Set<String> operations;

    LoseEveryAnswer(String... operations) {
      this.operations = Set.of(operations);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      if (operations.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        throw SdkClientException.create("answer lost (test)");
      }
      return context.httpResponse();
    }
  }

  private static DynamoDbEnhancedClient losingFirstAnswerOf(String operation) {
    return LocalDynamoDb.enhancedWith(new LoseFirstAnswer(operation));
  }

  private static Comment comment(PostId post, CommentId id, long seq, long rev) {
    return new Comment(
        id, post, seq, rev, new CommentContent("once"), new Author(new UserId("u"), "u"), NOW, NOW);
  }

  @Test
  void anEditWhoseAnswerIsLostIsStoredAndLoggedOnceAndReportedAsDone() {
    DynamoDbCommentStore plain = new DynamoDbCommentStore(STORES.enhanced(), STORES.tables());
    PostId post = PostId.of(UUID.randomUUID());
    CommentId id = CommentId.of(UUID.randomUUID());
    Comment original = plain.append(post, (seq, rev) -> comment(post, id, seq, rev));
    DynamoDbCommentStore losing =
        new DynamoDbCommentStore(losingFirstAnswerOf("TransactWriteItems"), STORES.tables());

    Comment edited =
        losing.update(original.withContent(new CommentContent("twice?"), NOW.plusSeconds(1)));

    assertEquals(2, edited.rev());
    assertEquals(Optional.of(edited), plain.findById(post, id));
    assertEquals(2, plain.headRev(post));
    assertEquals(
        List.of(1L, 2L),
        ((ChangesAfter.Kept) plain.changesAfter(post, 0, 10))
            .changes().stream().map(Change::rev).toList());
  }

  @Test
  void aDeletionWhoseAnswerIsLostIsLoggedOnceAndReportedAsDone() {
    DynamoDbCommentStore plain = new DynamoDbCommentStore(STORES.enhanced(), STORES.tables());
    PostId post = PostId.of(UUID.randomUUID());
    CommentId id = CommentId.of(UUID.randomUUID());
    Comment original = plain.append(post, (seq, rev) -> comment(post, id, seq, rev));
    DynamoDbCommentStore losing =
        new DynamoDbCommentStore(losingFirstAnswerOf("TransactWriteItems"), STORES.tables());

    Optional<Deletion> deleted = losing.remove(post, id);

    assertEquals(Optional.of(new Deletion(original, 2)), deleted);
    assertTrue(plain.findById(post, id).isEmpty());
    assertEquals(2, plain.headRev(post));
  }

  @Test
  void anAppendWhoseAnswerIsLostIsStoredOnceAndReportedAsDone() {
    DynamoDbCommentStore store =
        new DynamoDbCommentStore(losingFirstAnswerOf("TransactWriteItems"), STORES.tables());
    PostId post = PostId.of(UUID.randomUUID());
    CommentId id = CommentId.of(UUID.randomUUID());
    Comment appended = store.append(post, (seq, rev) -> comment(post, id, seq, rev));
    assertEquals(1, appended.seq());
    assertEquals(id, appended.id());
    List<Comment> stored = store.findPage(post, SeqRange.ALL, SortOrder.ASC, 10);
    assertEquals(List.of(appended), stored);
  }

  @Test
  void anAppendWhoseAnswerIsLostAndCannotBeCheckedIsReportedAsOfUnknownOutcome() {
    DynamoDbCommentStore store =
        new DynamoDbCommentStore(
            LocalDynamoDb.enhancedWith(new LoseEveryAnswer("TransactWriteItems", "Query")),
            STORES.tables());
    PostId post = PostId.of(UUID.randomUUID());
    CommentId id = CommentId.of(UUID.randomUUID());

    StoreOutcomeUnknownException thrown =
        assertThrows(
            StoreOutcomeUnknownException.class,
            () -> store.append(post, (seq, rev) -> comment(post, id, seq, rev)));

    assertTrue(thrown.getMessage().contains(id.value()), thrown.getMessage());
    DynamoDbCommentStore listening = new DynamoDbCommentStore(STORES.enhanced(), STORES.tables());
    assertEquals(
        List.of(id),
        listening.findPage(post, SeqRange.ALL, SortOrder.ASC, 10).stream()
            .map(Comment::id)
            .toList(),
        "the write was made: the outcome really was unknown, not a failure");
  }

  @Test
  void aClaimWhoseAnswerIsLostIsStillOurs() {
    DynamoDbIdempotencyStore store =
        new DynamoDbIdempotencyStore(losingFirstAnswerOf("PutItem"), STORES.tables());
    IdempotencyRecord mine =
        new IdempotencyRecord(
            new UserId("alice"),
            new IdempotencyKey("k-" + UUID.randomUUID()),
            PostId.of(UUID.randomUUID()),
            CommentId.of(UUID.randomUUID()),
            NOW.plus(Duration.ofHours(24)));
    assertEquals(Optional.empty(), store.claim(mine, NOW), "the claim is ours");
    assertEquals(Optional.of(mine), store.find(mine.userId(), mine.key(), NOW));
  }

  @Test
  void aPostWhoseAnswerIsLostIsStillCreated() {
    DynamoDbPostStore store =
        new DynamoDbPostStore(losingFirstAnswerOf("PutItem"), STORES.tables());
    Post post =
        new Post(PostId.of(UUID.randomUUID()), new PostTitle("kept"), new UserId("bob"), NOW);
    store.add(post);
    assertTrue(
        new DynamoDbPostStore(STORES.enhanced(), STORES.tables()).findById(post.id()).isPresent());
  }
}
