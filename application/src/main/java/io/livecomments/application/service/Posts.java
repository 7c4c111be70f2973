package io.livecomments.application.service;

import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.AccessDeniedException;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostNotFoundException;

/** Loads the post an operation is about, and checks that the caller may reach it that way. */
final class Posts {

  private final PostStore posts;

  Posts(PostStore posts) {
    this.posts = posts;
  }

  Post require(PostId postId, PostAccess access) {
    Post post = posts.findById(postId).orElseThrow(() -> new PostNotFoundException(postId));
    if (access instanceof PostAccess.OwnPostsOnly own && !post.isAuthoredBy(own.owner())) {
      throw new AccessDeniedException("Only the note's author may use /me/notes for it");
    }
    return post;
  }
}
