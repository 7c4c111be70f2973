package io.livecomments.adapters.rest.api;

import io.livecomments.application.port.in.ListCommentsUseCase.CommentPage;
import io.livecomments.wire.CommentJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.OptionalLong;

/** One page of comments; the {@code next…} field of the direction read says where to go on. */
@Serdeable
@Schema(name = "CommentPage", description = "One page of a post's comments")
public record CommentPageResponse(
    @Schema(format = "uuid") String postId,
    List<CommentJson> comments,
    @Schema(description = "How many comments this page holds") int count,
    @Schema(description = "Oldest first: the afterSeq of the next page; null on the last page")
        @Nullable
        Long nextAfterSeq,
    @Schema(description = "Newest first: the beforeSeq of the next page; null on the last page")
        @Nullable
        Long nextBeforeSeq,
    @Schema(
            description =
                "The post's latest rev, read before the comments: applying every change with a"
                    + " greater rev (GET …/changes?afterRev=headRev) misses nothing")
        long headRev) {

  public static CommentPageResponse fromDomainModel(CommentPage page) {
    List<CommentJson> comments =
        page.comments().stream().map(CommentJson::fromDomainModel).toList();
    return new CommentPageResponse(
        page.postId().value(),
        comments,
        comments.size(),
        orNull(page.nextAfterSeq()),
        orNull(page.nextBeforeSeq()),
        page.headRev());
  }

  /** A paging field as JSON wants it: the number, or null on the last page. */
  private static Long orNull(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
