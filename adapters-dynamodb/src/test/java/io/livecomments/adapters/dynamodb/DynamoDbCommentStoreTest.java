package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.adapters.dynamodb.CommentItems.CommentItem;
import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.CommentStoreContractTest;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/** The comment store contract, against DynamoDB Local over HTTP. */
class DynamoDbCommentStoreTest extends CommentStoreContractTest {

  private static final LocalDynamoDb.Stores STORES = LocalDynamoDb.freshStores();

  @Override
  protected CommentStore newStore(Clock clock, Duration retention) {
    return new DynamoDbCommentStore(
        STORES.enhanced(),
        STORES.tables(),
        DynamoDbCommentStore.DEFAULT_APPEND_RETRIES,
        StoreMetrics.none(),
        clock,
        retention);
  }

  @Test
  void dataWrittenBeforeTheChangeStreamReadsRevAsSeqAndItsChangesAsExpired() {
    // What an older version left: a counter with lastSeq only, comments without rev.
    DynamoDbTable<CommentItem> table =
        STORES.enhanced().table(STORES.tables().name(DynamoDbTables.COMMENTS), CommentItems.SCHEMA);
    PostId post = newPost();
    CommentItem counter = new CommentItem();
    counter.postId = post.value();
    counter.seq = CommentItems.COUNTER;
    counter.lastSeq = 3L;
    table.putItem(counter);
    Comment old =
        new Comment(
            CommentId.of(UUID.randomUUID()),
            post,
            2,
            2,
            new CommentContent("from before"),
            ALICE,
            NOW,
            NOW);
    CommentItem legacy = CommentItems.toItem(old);
    legacy.rev = null;
    table.putItem(legacy);

    assertEquals(3, store.headRev(post));
    assertEquals(List.of(old), store.findPage(post, SeqRange.ALL, SortOrder.ASC, 10));
    assertEquals(new ChangesAfter.Expired(3), store.changesAfter(post, 0, 10));

    Comment edited = store.update(old.withContent(new CommentContent("edited"), NOW));
    assertEquals(4, edited.rev());
    Comment fresh = append(post, "new");
    assertEquals(4, fresh.seq(), "seqs go on from lastSeq");
    assertEquals(5, fresh.rev(), "revs go on from the edit, which numbered itself after lastSeq");
    assertEquals(6, append(post, "newer").rev());
    List<Change> kept = ((ChangesAfter.Kept) store.changesAfter(post, 3, 10)).changes();
    assertEquals(List.of(4L, 5L, 6L), kept.stream().map(Change::rev).toList());
    assertEquals(new ChangesAfter.Expired(6), store.changesAfter(post, 2, 10));
  }
}
