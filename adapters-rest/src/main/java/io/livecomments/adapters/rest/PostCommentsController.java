package io.livecomments.adapters.rest;

import io.livecomments.application.port.in.DeleteCommentUseCase;
import io.livecomments.application.port.in.EditCommentUseCase;
import io.livecomments.application.port.in.GetCommentUseCase;
import io.livecomments.application.port.in.ListCommentsUseCase;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.in.PostCommentUseCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

/** Comments on any post. */
@Controller("/api/v1/posts/{postId}/comments")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PostCommentsController extends CommentRoutes {

  public PostCommentsController(
      PostCommentUseCase postComment,
      ListCommentsUseCase listComments,
      GetCommentUseCase getComment,
      EditCommentUseCase editComment,
      DeleteCommentUseCase deleteComment) {
    super(postComment, listComments, getComment, editComment, deleteComment);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ANY_POST;
  }
}
