package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.api.CreatePostRequest;
import io.livecomments.adapters.rest.api.PostResponse;
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

/** {@code /api/v1/posts}: create a post (logged in), read one (anyone). */
@Controller("/api/v1/posts")
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
  public PostResponse get(@PathVariable String postId) {
    return PostResponse.fromDomainModel(getPost.getPost(new PostId(postId)));
  }
}
