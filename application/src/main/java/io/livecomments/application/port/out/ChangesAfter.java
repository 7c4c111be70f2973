package io.livecomments.application.port.out;

import io.livecomments.domain.Change;
import java.util.List;

/**
 * The answer to "which changes came after rev N": the changes, or that the log no longer has N + 1.
 */
public sealed interface ChangesAfter {

  /** The post's latest rev as the read saw it; never less than the last listed change's rev. */
  long headRev();

  /** Changes N + 1, N + 2, … in rev order (empty when N is the head or beyond). */
  record Kept(List<Change> changes, long headRev) implements ChangesAfter {
    public Kept {
      changes = List.copyOf(changes);
    }
  }

  /** Change N + 1 has passed the retention (or predates the log): the client must re-read. */
  record Expired(long headRev) implements ChangesAfter {}
}
