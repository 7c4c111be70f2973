package io.livecomments.application.port.in;

import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;

public interface GetCommentUseCase {

  Comment getComment(PostId postId, PostAccess access, CommentId commentId);
}
