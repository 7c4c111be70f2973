package io.livecomments.adapters.rest;

import io.livecomments.application.port.in.PostAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

/** Comments on the caller's own notes: every operation, reads too, needs the note's author. */
@Controller("/api/v1/me/notes/{postId}/comments")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MyNoteCommentsController extends CommentRoutes {

  public MyNoteCommentsController(CommentUseCases useCases) {
    super(useCases);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ownedBy(Callers.required(authentication).id());
  }
}
