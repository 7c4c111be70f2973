package io.livecomments.application.service;

import io.livecomments.application.port.in.CreatePostUseCase;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import java.time.Clock;

public final class CreatePostService implements CreatePostUseCase {

  private final PostStore posts;
  private final IdGenerator ids;
  private final Clock clock;

  public CreatePostService(PostStore posts, IdGenerator ids, Clock clock) {
    this.posts = posts;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public Post createPost(CreatePostCommand command) {
    Post post =
        new Post(PostId.of(ids.newId()), command.title(), command.author().id(), clock.instant());
    posts.add(post);
    return post;
  }
}
