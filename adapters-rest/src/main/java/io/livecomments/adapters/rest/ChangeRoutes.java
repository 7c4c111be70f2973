package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.ChangePageResponse;
import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.adapters.rest.docs.RequestIdHeader;
import io.livecomments.application.port.in.ListChangesUseCase;
import io.livecomments.application.port.in.ListChangesUseCase.ListChangesQuery;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.domain.PostId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * The change stream of a post (CONTRACT section 8), mounted under {@code /posts}, {@code /notes}
 * and {@code /me/notes} by the subclasses, which decide whose posts a caller may reach that way, as
 * their comment routes do.
 */
public abstract class ChangeRoutes {

  private final ListChangesUseCase changes;

  protected ChangeRoutes(ListChangesUseCase changes) {
    this.changes = changes;
  }

  /** Which posts the caller may reach through this route; {@code authentication} may be null. */
  protected abstract PostAccess access(@Nullable Authentication authentication);

  @Get
  @Secured(SecurityRule.IS_ANONYMOUS)
  @Operation(
      operationId = "listChanges",
      summary = "Read what changed on a post after a rev",
      description =
          "Every creation, edit and deletion of the post's comments with a rev greater than"
              + " afterRev, in rev order: what a client that last applied afterRev must apply to"
              + " catch up. nextAfterRev is null once the page reaches headRev. When the change"
              + " afterRev + 1 is older than the retention (livecomments.changes.retention, 7 days"
              + " by default) the answer is 410 changes-expired: re-read the comments instead.")
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The changes",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
  @ApiResponse(responseCode = "410", ref = ApiDocumentation.CHANGES_EXPIRED)
  public ChangePageResponse list(
      @PathVariable String postId,
      @Parameter(
              description = "The last rev the client applied; changes after it are listed",
              schema = @Schema(implementation = Long.class, minimum = "0", defaultValue = "0"))
          @Nullable
          @QueryValue
          String afterRev,
      @Parameter(
              description = "Changes per page",
              schema =
                  @Schema(
                      implementation = Integer.class,
                      minimum = "1",
                      maximum = "500",
                      defaultValue = "100"))
          @Nullable
          @QueryValue
          String limit,
      @Nullable Authentication authentication) {
    ListChangesQuery query =
        new ListChangesQuery(
            new PostId(postId),
            access(authentication),
            QueryParams.longOr("afterRev", afterRev, 0, 0, Long.MAX_VALUE - 1),
            (int)
                QueryParams.longOr(
                    "limit", limit, ListChangesQuery.DEFAULT_LIMIT, 1, ListChangesQuery.MAX_LIMIT));
    return ChangePageResponse.fromDomainModel(changes.listChanges(query));
  }
}
