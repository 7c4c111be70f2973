package io.livecomments.application.port.out;

import io.livecomments.domain.InvalidValueException;

/**
 * The open interval ({@code after}, {@code before}) of seqs a page may contain. {@code after = 0}
 * means from the first comment, {@code before = Long.MAX_VALUE} up to the newest.
 */
public record SeqRange(long after, long before) {

  public static final SeqRange ALL = new SeqRange(0, Long.MAX_VALUE);

  public SeqRange {
    if (after < 0) {
      throw new InvalidValueException("afterSeq", "afterSeq must be 0 or more");
    }
    if (before < 1) {
      throw new InvalidValueException("beforeSeq", "beforeSeq must be 1 or more");
    }
  }

  public boolean contains(long seq) {
    return seq > after && seq < before;
  }
}
