package io.livecomments.application.port.out;

import io.livecomments.domain.Comment;
import java.util.Objects;

/**
 * What a deletion did: the comment as it was just before, and the post's rev that numbers the
 * deletion (the comment's own rev is that of its last creation or edit).
 */
public record Deletion(Comment comment, long rev) {
  public Deletion {
    Objects.requireNonNull(comment, "comment");
    if (rev <= comment.rev()) {
      throw new IllegalArgumentException("A deletion comes after the comment's last change");
    }
  }
}
