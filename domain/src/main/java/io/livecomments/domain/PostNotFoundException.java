package io.livecomments.domain;

public final class PostNotFoundException extends DomainException {

  private final PostId postId;

  public PostNotFoundException(PostId postId) {
    super("Post " + postId.value() + " does not exist");
    this.postId = postId;
  }

  public PostId postId() {
    return postId;
  }
}
