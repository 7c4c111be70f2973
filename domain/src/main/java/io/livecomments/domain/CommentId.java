package io.livecomments.domain;

import java.util.UUID;

public record CommentId(String value) {

  public CommentId {
    value = Uuids.canonical("commentId", value);
  }

  public static CommentId of(UUID uuid) {
    return new CommentId(uuid.toString());
  }
}
