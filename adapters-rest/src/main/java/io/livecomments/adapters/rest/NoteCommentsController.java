package io.livecomments.adapters.rest;

import io.livecomments.application.port.in.PostAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

/** Comments on any note, by its other name. */
@Controller("/api/v1/notes/{postId}/comments")
@ExecuteOn(TaskExecutors.BLOCKING)
public class NoteCommentsController extends CommentRoutes {

  public NoteCommentsController(CommentUseCases useCases) {
    super(useCases);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ANY_POST;
  }
}
