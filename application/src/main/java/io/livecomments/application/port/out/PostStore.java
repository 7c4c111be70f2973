package io.livecomments.application.port.out;

import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import java.util.Optional;

/**
 * Keeps posts. Implementations throw {@link StoreUnavailableException} when they cannot reach their
 * store.
 */
public interface PostStore {

  /** Stores a new post; ids are fresh UUIDs, so a post is never stored twice. */
  void add(Post post);

  Optional<Post> findById(PostId id);
}
