package io.livecomments.application.port.in;

import io.livecomments.domain.Author;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.PostId;
import java.util.Objects;
import java.util.Optional;

public interface PostCommentUseCase {

  /**
   * Adds a comment to a post and tells connected clients. With an idempotency key that the author
   * used before (within 24 h), returns the comment that key created and does nothing else.
   *
   * @throws RateLimitExceededException if the author writes too fast
   */
  PostedComment postComment(PostCommentCommand command);

  record PostCommentCommand(
      PostId postId,
      PostAccess access,
      Author author,
      CommentContent content,
      Optional<IdempotencyKey> idempotencyKey) {
    public PostCommentCommand {
      Objects.requireNonNull(postId, "postId");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
  }

  /** The comment, and whether it was created earlier under the same idempotency key. */
  record PostedComment(Comment comment, boolean replayed) {}
}
