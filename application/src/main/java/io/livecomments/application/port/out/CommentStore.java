package io.livecomments.application.port.out;

import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Keeps each post's comments in {@code seq} order. Implementations throw {@link
 * StoreUnavailableException} when they cannot reach their store, and then have changed nothing, or
 * {@link StoreOutcomeUnknownException} when they cannot tell whether an append was stored.
 */
public interface CommentStore {

  /**
   * Assigns the post's next seq and stores the comment built for it, as one atomic step: seqs of a
   * post are 1, 2, 3… without gaps or duplicates however many writers race, and a failed append
   * consumes no seq.
   *
   * @param commentForSeq builds the comment once its seq is known; must not have side effects
   */
  Comment append(PostId postId, LongFunction<Comment> commentForSeq);

  Optional<Comment> findById(PostId postId, CommentId commentId);

  /**
   * Up to {@code max} comments of the post whose seq lies in {@code range}, in the given order.
   * Deleted comments are not returned.
   */
  List<Comment> findPage(PostId postId, SeqRange range, SortOrder order, int max);

  /**
   * Replaces a stored comment with a new version of itself (same post, id and seq).
   *
   * @throws io.livecomments.domain.CommentNotFoundException if it was deleted meanwhile
   */
  void update(Comment comment);

  /** Deletes the comment for good; its seq is never handed out again. Returns what was deleted. */
  Optional<Comment> remove(PostId postId, CommentId commentId);
}
