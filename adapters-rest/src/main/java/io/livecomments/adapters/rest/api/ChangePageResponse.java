package io.livecomments.adapters.rest.api;

import io.livecomments.application.port.in.ListChangesUseCase.ChangePage;
import io.livecomments.domain.Change;
import io.livecomments.wire.CommentJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Locale;

/** One page of a post's change stream (CONTRACT section 8). */
@Serdeable
@Schema(name = "ChangePage", description = "A post's changes after a rev, in rev order")
public record ChangePageResponse(
    @Schema(format = "uuid") String postId,
    List<ChangeJson> changes,
    @Schema(description = "How many changes this page holds") int count,
    @Schema(description = "The afterRev of the next page; null once this page reaches headRev")
        @Nullable
        Long nextAfterRev,
    @Schema(description = "The post's latest rev") long headRev) {

  /** One change: the comment as the change left it, null for a deletion. */
  @Serdeable
  // The comment's description is on the record: micronaut-openapi copies a description given on
  // the property into the shared CommentJson schema, where it would be wrong for every other use.
  @Schema(
      name = "Change",
      description =
          "One change to a post's comments; comment is the comment as this change left it, null"
              + " for deleted")
  public record ChangeJson(
      @Schema(description = "The post's change number: 1, 2, 3… without gaps") long rev,
      @Schema(allowableValues = {"created", "updated", "deleted"}) String action,
      @Schema(format = "uuid") String commentId,
      @Schema(type = "object", nullable = true) @Nullable CommentJson comment,
      @Schema(description = "When the change was made, ISO-8601 UTC") String at) {

    static ChangeJson fromDomainModel(Change change) {
      return new ChangeJson(
          change.rev(),
          change.action().name().toLowerCase(Locale.ROOT),
          change.commentId().value(),
          change.comment().map(CommentJson::fromDomainModel).orElse(null),
          change.at().toString());
    }
  }

  public static ChangePageResponse fromDomainModel(ChangePage page) {
    List<ChangeJson> changes = page.changes().stream().map(ChangeJson::fromDomainModel).toList();
    return new ChangePageResponse(
        page.postId().value(),
        changes,
        changes.size(),
        page.nextAfterRev().isPresent() ? page.nextAfterRev().getAsLong() : null,
        page.headRev());
  }
}
