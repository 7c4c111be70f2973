package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.application.port.in.ListChangesUseCase;
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

/** The changes of the caller's own notes: like their comments, only for the note's author. */
@Controller("/api/v1/me/notes/{postId}/changes")
@Tag(name = ApiDocumentation.MY_NOTE_COMMENTS)
@OpenAPIDecorator(opIdSuffix = "OnMyNote")
@ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
@ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
@SecurityRequirement(name = ApiDocumentation.BEARER)
@ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
@ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class MyNoteChangesController extends ChangeRoutes {

  public MyNoteChangesController(ListChangesUseCase changes) {
    super(changes);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ownedBy(Callers.required(authentication).id());
  }
}
