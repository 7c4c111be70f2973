package io.livecomments.application.port.in;

import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.domain.Comment;
import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

public interface ListCommentsUseCase {

  CommentPage listComments(ListCommentsQuery query);

  /** One page of a post's comments between two seqs, oldest or newest first. */
  record ListCommentsQuery(
      PostId postId, PostAccess access, SeqRange range, SortOrder order, int limit) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public ListCommentsQuery {
      Objects.requireNonNull(postId, "postId");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(order, "order");
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
      }
    }
  }

  /**
   * A page, and where the next one starts: {@code nextAfterSeq} when reading oldest first, {@code
   * nextBeforeSeq} when reading newest first; empty on the last page. {@code headRev} is the post's
   * latest rev read before the comments, so that a client which then applies every change with a
   * greater rev misses nothing.
   */
  record CommentPage(
      PostId postId,
      List<Comment> comments,
      OptionalLong nextAfterSeq,
      OptionalLong nextBeforeSeq,
      long headRev) {
    public CommentPage {
      comments = List.copyOf(comments);
    }
  }
}
