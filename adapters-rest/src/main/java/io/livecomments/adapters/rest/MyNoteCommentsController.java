package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.application.port.in.PostAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.openapi.annotation.OpenAPIDecorator;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Comments on the caller's own notes: every operation, reads too, needs the note's author. */
@Controller("/api/v1/me/notes/{postId}/comments")
@Tag(name = ApiDocumentation.MY_NOTE_COMMENTS)
@OpenAPIDecorator(opIdSuffix = "OnMyNote")
@ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
@ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
// Every operation here needs the caller to be the note's author, reads too.
@SecurityRequirement(name = ApiDocumentation.BEARER)
@ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
@ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
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
