package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongFunction;

/**
 * Comments in one sorted map per post. Writes to a post take that post's lock, so seqs come out
 * gapless under any concurrency; reads never lock.
 */
public final class InMemoryCommentStore implements CommentStore {

  private final Map<PostId, Conversation> conversations = new ConcurrentHashMap<>();

  @Override
  public Comment append(PostId postId, LongFunction<Comment> commentForSeq) {
    Conversation conversation = conversations.computeIfAbsent(postId, id -> new Conversation());
    synchronized (conversation) {
      long seq = conversation.lastSeq + 1;
      Comment comment = commentForSeq.apply(seq);
      if (comment.seq() != seq || !comment.postId().equals(postId)) {
        throw new IllegalArgumentException(
            "The comment must carry the post and seq it was built for");
      }
      conversation.bySeq.put(seq, comment);
      conversation.seqById.put(comment.id(), seq);
      conversation.lastSeq = seq;
      return comment;
    }
  }

  @Override
  public Optional<Comment> findById(PostId postId, CommentId commentId) {
    Conversation conversation = conversations.get(postId);
    if (conversation == null) {
      return Optional.empty();
    }
    Long seq = conversation.seqById.get(commentId);
    return seq == null ? Optional.empty() : Optional.ofNullable(conversation.bySeq.get(seq));
  }

  @Override
  public List<Comment> findPage(PostId postId, SeqRange range, SortOrder order, int max) {
    Conversation conversation = conversations.get(postId);
    if (conversation == null || range.before() - range.after() < 2) {
      return List.of();
    }
    NavigableMap<Long, Comment> slice =
        conversation.bySeq.subMap(range.after(), false, range.before(), false);
    return (order == SortOrder.ASC ? slice : slice.descendingMap())
        .values().stream().limit(max).toList();
  }

  @Override
  public void update(Comment comment) {
    Conversation conversation = conversations.get(comment.postId());
    if (conversation == null) {
      throw new CommentNotFoundException(comment.postId(), comment.id());
    }
    synchronized (conversation) {
      Long seq = conversation.seqById.get(comment.id());
      if (seq == null || seq != comment.seq()) {
        throw new CommentNotFoundException(comment.postId(), comment.id());
      }
      conversation.bySeq.put(seq, comment);
    }
  }

  @Override
  public Optional<Comment> remove(PostId postId, CommentId commentId) {
    Conversation conversation = conversations.get(postId);
    if (conversation == null) {
      return Optional.empty();
    }
    synchronized (conversation) {
      Long seq = conversation.seqById.remove(commentId);
      return seq == null ? Optional.empty() : Optional.ofNullable(conversation.bySeq.remove(seq));
    }
  }

  /** One post's comments. {@code lastSeq} survives deletions, so no seq is handed out twice. */
  private static final class Conversation {
    final ConcurrentSkipListMap<Long, Comment> bySeq = new ConcurrentSkipListMap<>();
    final Map<CommentId, Long> seqById = new ConcurrentHashMap<>();
    long lastSeq;
  }
}
