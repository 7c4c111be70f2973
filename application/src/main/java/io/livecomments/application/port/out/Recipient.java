package io.livecomments.application.port.out;

import io.livecomments.domain.ConnectionId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A connection as a fan-out needs it: where to push, and whether it asked for {@code batch} frames
 * (CONTRACT section 4), so that the pusher never has to look each connection up again.
 */
public record Recipient(ConnectionId id, boolean batch) {

  public Recipient {
    Objects.requireNonNull(id, "id");
  }

  /** The ids alone, in the same order. */
  public static List<ConnectionId> ids(Collection<Recipient> recipients) {
    return recipients.stream().map(Recipient::id).toList();
  }
}
