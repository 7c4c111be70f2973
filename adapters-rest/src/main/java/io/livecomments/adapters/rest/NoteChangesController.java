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
import io.swagger.v3.oas.annotations.tags.Tag;

/** The changes of any note, by its other name. */
@Controller("/api/v1/notes/{postId}/changes")
@Tag(name = ApiDocumentation.NOTE_COMMENTS)
@OpenAPIDecorator(opIdSuffix = "OnNote")
@ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
@ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class NoteChangesController extends ChangeRoutes {

  public NoteChangesController(ListChangesUseCase changes) {
    super(changes);
  }

  @Override
  protected PostAccess access(@Nullable Authentication authentication) {
    return PostAccess.ANY_POST;
  }
}
