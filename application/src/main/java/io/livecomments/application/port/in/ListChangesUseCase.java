package io.livecomments.application.port.in;

import io.livecomments.domain.Change;
import io.livecomments.domain.InvalidValueException;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** The change stream of CONTRACT section 8: what happened to a post's comments after a rev. */
public interface ListChangesUseCase {

  /**
   * @throws ChangesExpiredException when the change {@code afterRev + 1} is no longer kept
   */
  ChangePage listChanges(ListChangesQuery query);

  /** Changes with a rev greater than {@code afterRev}, at most {@code limit} of them. */
  record ListChangesQuery(PostId postId, PostAccess access, long afterRev, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public ListChangesQuery {
      Objects.requireNonNull(postId, "postId");
      Objects.requireNonNull(access, "access");
      if (afterRev < 0) {
        throw new InvalidValueException("afterRev", "afterRev must be 0 or more");
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
      }
    }
  }

  /**
   * Changes in rev order; {@code nextAfterRev} is the afterRev of the next page, empty once this
   * page reaches {@code headRev}.
   */
  record ChangePage(PostId postId, List<Change> changes, OptionalLong nextAfterRev, long headRev) {
    public ChangePage {
      Objects.requireNonNull(postId, "postId");
      changes = List.copyOf(changes);
      Objects.requireNonNull(nextAfterRev, "nextAfterRev");
    }
  }
}
