package io.livecomments.adapters.memory;

import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.Deletion;
import io.livecomments.application.port.out.SeqRange;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.domain.Change;
import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.CommentNotFoundException;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Comments in one sorted map per post, and the post's change log as a queue in rev order. Writes to
 * a post take that post's lock, so seqs and revs come out gapless under any concurrency and the log
 * always holds what the comments show; comment reads never lock. The log drops changes older than
 * the retention from its head whenever the post is written or its log read, so it costs no sweeper
 * thread and at most one pass over what expired.
 */
public final class InMemoryCommentStore implements CommentStore {

  /** CONTRACT section 6's default for {@code livecomments.changes.retention}. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private final Map<PostId, Conversation> conversations = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration retention;

  /** A store keeping changes for the default retention, timed by the system clock. */
  public InMemoryCommentStore() {
    this(Clock.systemUTC(), DEFAULT_RETENTION);
  }

  /**
   * @param clock times each change, and tells when it has outlived {@code retention}
   * @param retention how long the log keeps a change; must be positive
   */
  public InMemoryCommentStore(Clock clock, Duration retention) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("The change retention must be positive: " + retention);
    }
    this.retention = retention;
  }

  @Override
  public Comment append(PostId postId, NewComment newComment) {
    Conversation conversation = conversations.computeIfAbsent(postId, id -> new Conversation());
    synchronized (conversation) {
      long seq = conversation.lastSeq + 1;
      long rev = conversation.lastRev + 1;
      Comment comment = newComment.build(seq, rev);
      if (comment.seq() != seq || comment.rev() != rev || !comment.postId().equals(postId)) {
        throw new IllegalArgumentException(
            "The comment must carry the post, seq and rev it was built for");
      }
      conversation.bySeq.put(seq, comment);
      conversation.seqById.put(comment.id(), seq);
      conversation.lastSeq = seq;
      conversation.log(Change.of(Change.Action.CREATED, comment, clock.instant()), expiry());
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
  public Comment update(Comment edited) {
    Conversation conversation = conversations.get(edited.postId());
    if (conversation == null) {
      throw new CommentNotFoundException(edited.postId(), edited.id());
    }
    synchronized (conversation) {
      Long seq = conversation.seqById.get(edited.id());
      if (seq == null || seq != edited.seq()) {
        throw new CommentNotFoundException(edited.postId(), edited.id());
      }
      Comment stored = edited.withRev(conversation.lastRev + 1);
      conversation.bySeq.put(seq, stored);
      conversation.log(Change.of(Change.Action.UPDATED, stored, clock.instant()), expiry());
      return stored;
    }
  }

  @Override
  public Optional<Deletion> remove(PostId postId, CommentId commentId) {
    Conversation conversation = conversations.get(postId);
    if (conversation == null) {
      return Optional.empty();
    }
    synchronized (conversation) {
      Long seq = conversation.seqById.remove(commentId);
      Comment deleted = seq == null ? null : conversation.bySeq.remove(seq);
      if (deleted == null) {
        return Optional.empty();
      }
      long rev = conversation.lastRev + 1;
      conversation.log(Change.deletion(rev, deleted, clock.instant()), expiry());
      return Optional.of(new Deletion(deleted, rev));
    }
  }

  @Override
  public long headRev(PostId postId) {
    Conversation conversation = conversations.get(postId);
    if (conversation == null) {
      return 0;
    }
    synchronized (conversation) {
      return conversation.lastRev;
    }
  }

  @Override
  public ChangesAfter changesAfter(PostId postId, long afterRev, int max) {
    Conversation conversation = conversations.get(postId);
    if (conversation == null) {
      return new ChangesAfter.Kept(List.of(), 0);
    }
    synchronized (conversation) {
      conversation.prune(expiry());
      long head = conversation.lastRev;
      if (afterRev >= head) {
        return new ChangesAfter.Kept(List.of(), head);
      }
      Change oldest = conversation.changes.peekFirst();
      if (oldest == null || oldest.rev() > afterRev + 1) {
        return new ChangesAfter.Expired(head);
      }
      List<Change> page = new ArrayList<>(Math.min(max, (int) (head - afterRev)));
      // Revs in the queue are consecutive, so the wanted ones start at a known offset.
      Iterator<Change> it = conversation.changes.iterator();
      for (long skip = afterRev + 1 - oldest.rev(); skip > 0; skip--) {
        it.next();
      }
      while (it.hasNext() && page.size() < max) {
        page.add(it.next());
      }
      return new ChangesAfter.Kept(page, head);
    }
  }

  /** Changes made at or before this instant have outlived the retention. */
  private Instant expiry() {
    return clock.instant().minus(retention);
  }

  /**
   * One post's comments and changes. {@code lastSeq} and {@code lastRev} survive deletions and
   * pruning, so no number is handed out twice. Guarded by the object's own lock, except the comment
   * maps, which reads use without it.
   */
  private static final class Conversation {
    final ConcurrentSkipListMap<Long, Comment> bySeq = new ConcurrentSkipListMap<>();
    final Map<CommentId, Long> seqById = new ConcurrentHashMap<>();
    final ArrayDeque<Change> changes = new ArrayDeque<>();
    long lastSeq;
    long lastRev;

    void log(Change change, Instant expiry) {
      changes.addLast(change);
      lastRev = change.rev();
      prune(expiry);
    }

    void prune(Instant expiry) {
      while (!changes.isEmpty() && !changes.peekFirst().at().isAfter(expiry)) {
        changes.removeFirst();
      }
    }
  }
}
