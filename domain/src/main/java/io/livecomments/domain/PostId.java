package io.livecomments.domain;

import java.util.UUID;

/** Identifies a post (a.k.a. note). */
public record PostId(String value) {

  public PostId {
    value = Uuids.canonical("postId", value);
  }

  public static PostId of(UUID uuid) {
    return new PostId(uuid.toString());
  }
}
