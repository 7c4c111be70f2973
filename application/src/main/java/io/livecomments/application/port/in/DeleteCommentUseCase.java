package io.livecomments.application.port.in;

import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.util.Objects;

public interface DeleteCommentUseCase {

  /**
   * Deletes a comment; only its author may. Its seq stays unused.
   *
   * @throws io.livecomments.domain.AccessDeniedException if the caller is not the author
   */
  void deleteComment(DeleteCommentCommand command);

  record DeleteCommentCommand(
      PostId postId, PostAccess access, CommentId commentId, UserId deleter) {
    public DeleteCommentCommand {
      Objects.requireNonNull(postId, "postId");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(commentId, "commentId");
      Objects.requireNonNull(deleter, "deleter");
    }
  }
}
