package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Posts in a map; safe for any number of threads. */
public final class InMemoryPostStore implements PostStore {

  private final Map<PostId, Post> posts = new ConcurrentHashMap<>();

  @Override
  public void add(Post post) {
    if (posts.putIfAbsent(post.id(), post) != null) {
      throw new IllegalStateException("Post " + post.id().value() + " exists already");
    }
  }

  @Override
  public Optional<Post> findById(PostId id) {
    return Optional.ofNullable(posts.get(id));
  }
}
