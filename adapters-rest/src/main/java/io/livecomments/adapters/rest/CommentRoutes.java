package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.api.CommentPageResponse;
import io.livecomments.adapters.rest.api.CommentRequest;
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
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
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
  public HttpResponse<CommentJson> create(
      @PathVariable String postId,
      @Nullable @Body CommentRequest body,
      @Nullable @Header("Idempotency-Key") String idempotencyKey,
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
  public HttpResponse<?> list(
      @PathVariable String postId,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String afterSeq,
      @Nullable @QueryValue String beforeSeq,
      @Nullable @QueryValue String order,
      @Nullable @QueryValue String delivery,
      @Nullable @QueryValue String connectionId,
      @Nullable @Header("X-Connection-Id") String connectionHeader,
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
  public record PushedPage(String status, String message, int count) {}

  @Get("/{commentId}")
  @Secured(SecurityRule.IS_ANONYMOUS)
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
