package io.livecomments.application.port.in;

import io.livecomments.domain.PostId;

/**
 * The changes after {@code afterRev} are no longer all kept: the client must re-read the post's
 * comments instead of replaying changes.
 */
public final class ChangesExpiredException extends RuntimeException {

  private final PostId postId;
  private final long afterRev;

  public ChangesExpiredException(PostId postId, long afterRev) {
    super(
        "The changes of post "
            + postId.value()
            + " after rev "
            + afterRev
            + " are no longer kept; re-read the comments with afterSeq paging",
        null,
        false,
        false);
    this.postId = postId;
    this.afterRev = afterRev;
  }

  public PostId postId() {
    return postId;
  }

  public long afterRev() {
    return afterRev;
  }
}
