package io.livecomments.application.service;

import io.livecomments.application.port.in.GetPostUseCase;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;

public final class GetPostService implements GetPostUseCase {

  private final Posts posts;

  public GetPostService(PostStore posts) {
    this.posts = new Posts(posts);
  }

  @Override
  public Post getPost(PostId postId) {
    return posts.require(postId, PostAccess.ANY_POST);
  }
}
