package io.livecomments.application.port.in;

import io.livecomments.domain.UserId;

/**
 * Whose post an operation may touch: any post ({@code /posts}, {@code /notes}), or only the
 * caller's own ({@code /me/notes}).
 */
public sealed interface PostAccess {

  PostAccess ANY_POST = new AnyPost();

  static PostAccess ownedBy(UserId owner) {
    return new OwnPostsOnly(owner);
  }

  record AnyPost() implements PostAccess {}

  record OwnPostsOnly(UserId owner) implements PostAccess {}
}
