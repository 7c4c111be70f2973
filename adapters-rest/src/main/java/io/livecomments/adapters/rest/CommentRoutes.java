package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.api.CommentPageResponse;
import io.livecomments.adapters.rest.api.CommentRequest;
import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.adapters.rest.docs.RequestIdHeader;
import io.livecomments.application.port.in.DeleteCommentUseCase.DeleteCommentCommand;
import io.livecomments.application.port.in.EditCommentUseCase.EditCommentCommand;
import io.livecomments.application.port.in.ListCommentsUseCase.ListCommentsQuery;
import io.livecomments.application.port.in.PostAccess;
import io.livecomments.application.port.in.PostCommentUseCase.PostCommentCommand;
import io.livecomments.application.port.in.PostCommentUseCase.PostedComment;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.domain.Author;
import io.livecomments.domain.CommentContent;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.IdempotencyKey;
import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.PostId;
import io.livecomments.wire.CommentJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Optional;

/**
 * The comment operations, mounted under {@code /posts}, {@code /notes} and {@code /me/notes} by the
 * subclasses, which decide whose posts a caller may reach that way.
 */
public abstract class CommentRoutes {

  private final CommentUseCases useCases;

  protected CommentRoutes(CommentUseCases useCases) {
    this.useCases = useCases;
  }

  /** Which posts the caller may reach through this route; {@code authentication} may be null. */
  protected abstract PostAccess access(@Nullable Authentication authentication);

  @Post
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(
      operationId = "createComment",
      summary = "Comment on a post",
      description =
          "Stores the comment and pushes comment.created to the post's WebSocket audience. With"
              + " an Idempotency-Key seen from the same user within 24 h, answers the original"
              + " comment again (with Idempotent-Replayed: true) and creates and pushes nothing.")
  @SecurityRequirement(name = ApiDocumentation.BEARER)
  @RequestIdHeader
  @ApiResponse(
      responseCode = "201",
      description = "The comment, created (or replayed)",
      useReturnTypeSchema = true,
      headers = {
        @Header(
            name = "Location",
            description = "The comment's URL",
            schema = @Schema(implementation = String.class)),
        @Header(
            name = "Idempotent-Replayed",
            description = "true when the Idempotency-Key was seen before",
            schema = @Schema(implementation = String.class)),
        @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER)
      })
  @ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
  @ApiResponse(responseCode = "409", ref = ApiDocumentation.IDEMPOTENCY_CONFLICT)
  @ApiResponse(responseCode = "413", ref = ApiDocumentation.BODY_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocumentation.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "429", ref = ApiDocumentation.RATE_LIMITED)
  public HttpResponse<CommentJson> create(
      @PathVariable String postId,
      @Nullable @Body CommentRequest body,
      @Parameter(
              description =
                  "1 to 128 printable ASCII characters; the same key from the same user within 24"
                      + " h answers the original comment")
          @Nullable
          @io.micronaut.http.annotation.Header("Idempotency-Key")
          String idempotencyKey,
      Authentication authentication,
      HttpRequest<?> request) {
    PostId post = new PostId(postId);
    CommentContent content = content(body);
    Optional<IdempotencyKey> key = Optional.ofNullable(idempotencyKey).map(IdempotencyKey::new);
    PostedComment posted =
        useCases
            .post()
            .postComment(
                new PostCommentCommand(
                    post, access(authentication), Callers.author(authentication), content, key));
    CommentJson comment = CommentJson.fromDomainModel(posted.comment());
    var response =
        HttpResponse.created(comment).header(HttpHeaders.LOCATION, location(request, comment));
    return posted.replayed() ? response.header("Idempotent-Replayed", "true") : response;
  }

  /**
   * A page of comments in the response, or with {@code delivery=websocket} pushed to the connection
   * named by {@code connectionId} (or {@code X-Connection-Id}) and answered with 202.
   */
  @Get
  @Secured(SecurityRule.IS_ANONYMOUS)
  @Operation(
      operationId = "listComments",
      summary = "Read a page of a post's comments",
      description =
          "Oldest first (order=asc, the default) from afterSeq, or newest first (order=desc)"
              + " before beforeSeq; deleted comments are not listed. With delivery=websocket the"
              + " page is pushed as comments.list to that one connection instead, split into parts"
              + " under 128 KiB, and the answer is 202.")
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The page",
      content = @Content(schema = @Schema(implementation = CommentPageResponse.class)),
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(
      responseCode = "202",
      description = "delivery=websocket: the page is on its way to the connection",
      content = @Content(schema = @Schema(implementation = PushedPage.class)),
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
  public HttpResponse<?> list(
      @PathVariable String postId,
      @Parameter(
              description = "Comments per page",
              schema =
                  @Schema(
                      implementation = Integer.class,
                      minimum = "1",
                      maximum = "100",
                      defaultValue = "10"))
          @Nullable
          @QueryValue
          String limit,
      @Parameter(
              description =
                  "Oldest first: comments with a greater seq (and the catch-up after a"
                      + " reconnect)",
              schema = @Schema(implementation = Long.class, minimum = "0", defaultValue = "0"))
          @Nullable
          @QueryValue
          String afterSeq,
      @Parameter(
              description = "Newest first: comments with a smaller seq",
              schema = @Schema(implementation = Long.class, minimum = "1"))
          @Nullable
          @QueryValue
          String beforeSeq,
      @Parameter(
              description = "asc: oldest first; desc: newest first",
              schema =
                  @Schema(
                      implementation = String.class,
                      allowableValues = {"asc", "desc"},
                      defaultValue = "asc"))
          @Nullable
          @QueryValue
          String order,
      @Parameter(
              description = "http: the page in the answer; websocket: pushed to connectionId",
              schema =
                  @Schema(
                      implementation = String.class,
                      allowableValues = {"http", "websocket"},
                      defaultValue = "http"))
          @Nullable
          @QueryValue
          String delivery,
      @Parameter(description = "delivery=websocket: the connection to push the page to")
          @Nullable
          @QueryValue
          String connectionId,
      @Parameter(description = "delivery=websocket: the connection, when connectionId is not given")
          @Nullable
          @io.micronaut.http.annotation.Header("X-Connection-Id")
          String connectionHeader,
      @Nullable Authentication authentication) {
    SeqRange range =
        new SeqRange(
            QueryParams.longOr("afterSeq", afterSeq, 0, 0, Long.MAX_VALUE - 1),
            QueryParams.longOr("beforeSeq", beforeSeq, Long.MAX_VALUE, 1, Long.MAX_VALUE));
    int pageSize =
        (int)
            QueryParams.longOr(
                "limit", limit, ListCommentsQuery.DEFAULT_LIMIT, 1, ListCommentsQuery.MAX_LIMIT);
    ListCommentsQuery query =
        new ListCommentsQuery(
            new PostId(postId), access(authentication), range, SortOrder.parse(order), pageSize);
    if (delivery == null || delivery.equals("http")) {
      return HttpResponse.ok(
          CommentPageResponse.fromDomainModel(useCases.list().listComments(query)));
    }
    if (!delivery.equals("websocket")) {
      throw new InvalidValueException("delivery", "delivery must be http or websocket");
    }
    String target = connectionId != null ? connectionId : connectionHeader;
    if (target == null) {
      throw new InvalidValueException(
          "connectionId",
          "delivery=websocket needs the connection: connectionId or X-Connection-Id");
    }
    int count = useCases.pushPage().pushPage(query, new ConnectionId(target));
    return HttpResponse.accepted()
        .body(new PushedPage("success", "Comments retrieved successfully", count));
  }

  /** The answer to {@code delivery=websocket}; the comments travel over the WebSocket. */
  @Serdeable
  @Schema(name = "PushedPage", description = "The answer to delivery=websocket")
  public record PushedPage(
      @Schema(example = "success") String status,
      @Schema(example = "Comments retrieved successfully") String message,
      @Schema(description = "How many comments were pushed") int count) {}

  @Get("/{commentId}")
  @Secured(SecurityRule.IS_ANONYMOUS)
  @Operation(operationId = "getComment", summary = "Read a comment")
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The comment",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
  public CommentJson get(
      @PathVariable String postId,
      @PathVariable String commentId,
      @Nullable Authentication authentication) {
    return CommentJson.fromDomainModel(
        useCases
            .get()
            .getComment(new PostId(postId), access(authentication), new CommentId(commentId)));
  }

  @Patch("/{commentId}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(
      operationId = "editComment",
      summary = "Edit your comment",
      description = "Only its author may; pushes comment.updated with action updated.")
  @SecurityRequirement(name = ApiDocumentation.BEARER)
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The comment, edited",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
  @ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
  @ApiResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
  @ApiResponse(responseCode = "413", ref = ApiDocumentation.BODY_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocumentation.UNSUPPORTED_MEDIA_TYPE)
  public CommentJson edit(
      @PathVariable String postId,
      @PathVariable String commentId,
      @Nullable @Body CommentRequest body,
      Authentication authentication) {
    Author editor = Callers.author(authentication);
    return CommentJson.fromDomainModel(
        useCases
            .edit()
            .editComment(
                new EditCommentCommand(
                    new PostId(postId),
                    access(authentication),
                    new CommentId(commentId),
                    editor.id(),
                    content(body))));
  }

  @Delete("/{commentId}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Status(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteComment",
      summary = "Delete your comment",
      description = "Only its author may; pushes comment.updated with action deleted.")
  @SecurityRequirement(name = ApiDocumentation.BEARER)
  @RequestIdHeader
  @ApiResponse(
      responseCode = "204",
      description = "Deleted",
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
  @ApiResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
  @ApiResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
  public void delete(
      @PathVariable String postId, @PathVariable String commentId, Authentication authentication) {
    useCases
        .delete()
        .deleteComment(
            new DeleteCommentCommand(
                new PostId(postId),
                access(authentication),
                new CommentId(commentId),
                Callers.author(authentication).id()));
  }

  /**
   * Where the comment lives, under the route the client used. A replayed idempotency key returns
   * the original comment, which may belong to another post than the one in this request's path.
   */
  private static String location(HttpRequest<?> request, CommentJson comment) {
    String path = request.getPath();
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    path = path.substring(0, end);
    String collection = path.substring(0, path.lastIndexOf('/', path.lastIndexOf('/') - 1));
    return collection + "/" + comment.postId() + "/comments/" + comment.id();
  }

  private static CommentContent content(CommentRequest body) {
    return new CommentContent(Bodies.string("content", body == null ? null : body.content()));
  }
}
