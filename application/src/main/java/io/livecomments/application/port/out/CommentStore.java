package io.livecomments.application.port.out;

import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each post's comments in {@code seq} order, and the post's change log in {@code rev} order.
 * Every change (append, update, remove) takes the post's next rev in the same atomic step as the
 * comment write and the log entry, so that revs are 1, 2, 3… without gaps or duplicates however
 * many writers race, an acknowledged change is always in the log, and a failed change consumes no
 * rev. Implementations throw {@link StoreUnavailableException} when they cannot reach their store,
 * and then have changed nothing, or {@link StoreOutcomeUnknownException} when they cannot tell
 * whether a write was stored.
 */
public interface CommentStore {

  /**
   * Assigns the post's next seq and rev and stores the comment built for them, as one atomic step:
   * seqs of a post are 1, 2, 3… without gaps or duplicates however many writers race, and a failed
   * append consumes no seq and no rev.
   *
   * @param newComment builds the comment once its numbers are known; must not have side effects
   */
  Comment append(PostId postId, NewComment newComment);

  Optional<Comment> findById(PostId postId, CommentId commentId);

  /**
   * Up to {@code max} comments of the post whose seq lies in {@code range}, in the given order.
   * Deleted comments are not returned.
   */
  List<Comment> findPage(PostId postId, SeqRange range, SortOrder order, int max);

  /**
   * Replaces a stored comment with a new version of itself (same post, id and seq) under the post's
   * next rev; the {@code rev} of {@code edited} is ignored.
   *
   * @return the comment as stored, carrying its new rev
   * @throws io.livecomments.domain.CommentNotFoundException if it was deleted meanwhile
   */
  Comment update(Comment edited);

  /**
   * Deletes the comment for good under the post's next rev; its seq is never handed out again.
   * Returns what was deleted and the rev of the deletion, empty if there was no such comment.
   */
  Optional<Deletion> remove(PostId postId, CommentId commentId);

  /** The rev of the post's latest change; 0 before its first. */
  long headRev(PostId postId);

  /**
   * Up to {@code max} changes of the post with a rev greater than {@code afterRev}, in rev order,
   * or {@link ChangesAfter.Expired} when the change {@code afterRev + 1} is no longer kept (the log
   * keeps each change for its retention only).
   */
  ChangesAfter changesAfter(PostId postId, long afterRev, int max);

  /** Builds a new comment from the numbers the store assigned it. */
  @FunctionalInterface
  interface NewComment {
    Comment build(long seq, long rev);
  }
}
