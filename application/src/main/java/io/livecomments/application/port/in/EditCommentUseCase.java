package io.livecomments.application.port.in;

import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import io.livecomments.domain.UserId;
import java.util.Objects;

public interface EditCommentUseCase {

  /**
   * Replaces a comment's content; only its author may.
   *
   * @throws io.livecomments.domain.AccessDeniedException if the editor is not the author
   */
  Comment editComment(EditCommentCommand command);

  record EditCommentCommand(
      PostId postId,
      PostAccess access,
      CommentId commentId,
      UserId editor,
      CommentContent content) {
    public EditCommentCommand {
      Objects.requireNonNull(postId, "postId");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(commentId, "commentId");
      Objects.requireNonNull(editor, "editor");
      Objects.requireNonNull(content, "content");
    }
  }
}
