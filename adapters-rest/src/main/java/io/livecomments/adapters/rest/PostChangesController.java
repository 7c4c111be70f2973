package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.application.port.in.ListChangesUseCase;
import io.livecomments.application.port.in.PostAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The changes of any post. */
@Controller("/api/v1/posts/{postId}/changes")
@Tag(name = ApiDocumentation.COMMENTS)
@ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
@ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PostChangesController extends ChangeRoutes {

  public PostChangesController(ListChangesUseCase changes) {
    super(changes);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ANY_POST;
  }
}
