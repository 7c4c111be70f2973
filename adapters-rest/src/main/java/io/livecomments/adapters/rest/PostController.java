package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.api.CreatePostRequest;
import io.livecomments.adapters.rest.api.PostResponse;
import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.adapters.rest.docs.RequestIdHeader;
import io.livecomments.application.port.in.CreatePostUseCase;
import io.livecomments.application.port.in.CreatePostUseCase.CreatePostCommand;
import io.livecomments.application.port.in.GetPostUseCase;
import io.livecomments.domain.PostId;
import io.livecomments.domain.PostTitle;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/posts}: create a post (logged in), read one (anyone). */
@Controller("/api/v1/posts")
@Tag(name = ApiDocumentation.POSTS)
@ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
@ApiResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PostController {

  private final CreatePostUseCase createPost;
  private final GetPostUseCase getPost;

  public PostController(CreatePostUseCase createPost, GetPostUseCase getPost) {
    this.createPost = createPost;
    this.getPost = getPost;
  }

  @Post
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(operationId = "createPost", summary = "Create a post")
  @SecurityRequirement(name = ApiDocumentation.BEARER)
  @RequestIdHeader
  @ApiResponse(
      responseCode = "201",
      description = "The post, created",
      useReturnTypeSchema = true,
      headers = {
        @Header(
            name = "Location",
            description = "The post's URL",
            schema = @Schema(type = "string")),
        @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER)
      })
  @ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
  @ApiResponse(responseCode = "413", ref = ApiDocumentation.BODY_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocumentation.UNSUPPORTED_MEDIA_TYPE)
  public HttpResponse<PostResponse> create(
      @Nullable @Body CreatePostRequest body, Authentication authentication) {
    PostTitle title = new PostTitle(Bodies.string("title", body == null ? null : body.title()));
    io.livecomments.domain.Post post =
        createPost.createPost(new CreatePostCommand(Callers.author(authentication), title));
    return HttpResponse.created(PostResponse.fromDomainModel(post))
        .header(HttpHeaders.LOCATION, "/api/v1/posts/" + post.id().value());
  }

  @Get("/{postId}")
  @Secured(SecurityRule.IS_ANONYMOUS)
  @Operation(operationId = "getPost", summary = "Read a post")
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The post",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
  public PostResponse get(
      @Parameter(description = "The post's id, a UUID") @PathVariable String postId) {
    return PostResponse.fromDomainModel(getPost.getPost(new PostId(postId)));
  }
}
