package io.livecomments.adapters.rest.api;

import io.livecomments.application.port.in.ListCommentsUseCase.CommentPage;
import io.livecomments.wire.CommentJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.OptionalLong;

/** One page of comments; the {@code next…} field of the direction read says where to go on. */
@Serdeable
public record CommentPageResponse(
    String postId,
    List<CommentJson> comments,
    int count,
    @Nullable Long nextAfterSeq,
    @Nullable Long nextBeforeSeq) {

  public static CommentPageResponse fromDomainModel(CommentPage page) {
    List<CommentJson> comments =
        page.comments().stream().map(CommentJson::fromDomainModel).toList();
    return new CommentPageResponse(
        page.postId().value(),
        comments,
        comments.size(),
        orNull(page.nextAfterSeq()),
        orNull(page.nextBeforeSeq()));
  }

  /** A paging field as JSON wants it: the number, or null on the last page. */
  private static Long orNull(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
