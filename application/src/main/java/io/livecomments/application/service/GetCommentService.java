package io.livecomments.application.service;

import io.livecomments.application.port.in.GetCommentUseCase;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;

public final class GetCommentService implements GetCommentUseCase {

  private final Posts posts;
  private final CommentStore comments;

  public GetCommentService(PostStore posts, CommentStore comments) {
    this.posts = new Posts(posts);
    this.comments = comments;
  }

  @Override
  public Comment getComment(PostId postId, PostAccess access, CommentId commentId) {
    posts.require(postId, access);
    return comments
        .findById(postId, commentId)
        .orElseThrow(() -> new CommentNotFoundException(postId, commentId));
  }
}
