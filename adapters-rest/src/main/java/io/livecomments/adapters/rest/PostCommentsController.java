package io.livecomments.adapters.rest;

import io.livecomments.application.port.in.PostAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

/** Comments on any post. */
@Controller("/api/v1/posts/{postId}/comments")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PostCommentsController extends CommentRoutes {

  public PostCommentsController(CommentUseCases useCases) {
    super(useCases);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ANY_POST;
  }
}
