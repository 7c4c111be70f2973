package io.livecomments.domain;

public final class CommentNotFoundException extends DomainException {

  private final PostId postId;
  private final CommentId commentId;

  public CommentNotFoundException(PostId postId, CommentId commentId) {
    super("Comment " + commentId.value() + " does not exist on post " + postId.value());
    this.postId = postId;
    this.commentId = commentId;
  }

  public PostId postId() {
    return postId;
  }

  public CommentId commentId() {
    return commentId;
  }
}
