package io.livecomments.domain;

import java.util.Objects;

/** Who writes: the user id and the name shown next to their words. */
public record Author(UserId id, String username) {

  public Author {
    Objects.requireNonNull(id, "id");
    username = username == null || username.isBlank() ? id.value() : username;
  }
}
