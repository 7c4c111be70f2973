package io.livecomments.adapters.dynamodb;

import static io.livecomments.adapters.dynamodb.Attributes.attribute;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostTitle;
import io.livecomments.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Posts table: one item per post, keyed by {@code postId}. Posts never change once created, so the
 * ones this process has seen are kept in a cache, bounded in size and forgetting posts nobody asked
 * for in an hour: the existence check that precedes every comment request then costs no DynamoDB
 * read. Unknown ids are not cached (another instance may create them at any moment).
 */
public final class DynamoDbPostStore implements PostStore {

  static final class PostItem {
    String postId;
    String title;
    String authorId;
    Instant createdAt;
  }

  static final StaticTableSchema<PostItem> SCHEMA =
      StaticTableSchema.builder(PostItem.class)
          .newItemSupplier(PostItem::new)
          .addAttribute(
              String.class,
              attribute("postId", i -> i.postId, (i, v) -> i.postId = v, primaryPartitionKey()))
          .addAttribute(String.class, attribute("title", i -> i.title, (i, v) -> i.title = v))
          .addAttribute(
              String.class, attribute("authorId", i -> i.authorId, (i, v) -> i.authorId = v))
          .addAttribute(
              Instant.class, attribute("createdAt", i -> i.createdAt, (i, v) -> i.createdAt = v))
          .build();

  private static final int CACHED_POSTS = 10_000;

  /** Posts do not change, so this only frees the memory of posts no longer read. */
  private static final Duration CACHED_POST_IDLE = Duration.ofHours(1);

  private static final Expression NEW_POST =
      Expression.builder().expression("attribute_not_exists(postId)").build();

  private final DynamoDbTable<PostItem> table;
  private final StoreCalls calls;
  private final Cache<PostId, Post> known =
      Caffeine.newBuilder()
          // Evictions run on the calling thread: no work queued on the small common pool.
          .executor(Runnable::run)
          .maximumSize(CACHED_POSTS)
          .expireAfterAccess(CACHED_POST_IDLE)
          .build();

  public DynamoDbPostStore(DynamoDbEnhancedClient client, DynamoDbTables tables) {
    this(client, tables, StoreMetrics.none());
  }

  /**
   * @param metrics counts the calls that fail because DynamoDB is unavailable
   */
  public DynamoDbPostStore(
      DynamoDbEnhancedClient client, DynamoDbTables tables, StoreMetrics metrics) {
    this.table = client.table(tables.name(DynamoDbTables.POSTS), SCHEMA);
    this.calls = new StoreCalls(metrics);
  }

  @Override
  public void add(Post post) {
    PostItem item = new PostItem();
    item.postId = post.id().value();
    item.title = post.title().value();
    item.authorId = post.authorId().value();
    item.createdAt = post.createdAt();
    try {
      calls.run(
          Operation.POSTS_ADD,
          () -> table.putItem(r -> r.item(item).conditionExpression(NEW_POST)));
    } catch (ConditionalCheckFailedException e) {
      // Ids are fresh UUIDs: the post there is ours, written by an attempt whose answer was lost.
      Optional<Post> stored = findById(post.id());
      if (!stored.equals(Optional.of(post))) {
        throw new IllegalStateException("Post id " + post.id().value() + " is already taken", e);
      }
    }
    known.put(post.id(), post);
  }

  @Override
  public Optional<Post> findById(PostId id) {
    Post cached = known.getIfPresent(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    PostItem item =
        calls.call(
            Operation.POSTS_FIND,
            () ->
                table.getItem(
                    r ->
                        r.key(Key.builder().partitionValue(id.value()).build())
                            .consistentRead(true)));
    Optional<Post> found =
        Optional.ofNullable(item)
            .map(
                i ->
                    new Post(
                        new PostId(i.postId),
                        new PostTitle(i.title),
                        new UserId(i.authorId),
                        i.createdAt));
    found.ifPresent(post -> known.put(id, post));
    return found;
  }
}
