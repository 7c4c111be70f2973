package io.livecomments.application.service;

import io.livecomments.application.port.in.ChangesExpiredException;
import io.livecomments.application.port.in.ListChangesUseCase;
import io.livecomments.application.port.out.ChangesAfter;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.domain.Change;
import java.util.List;
import java.util.OptionalLong;

public final class ListChangesService implements ListChangesUseCase {

  private final Posts posts;
  private final CommentStore comments;

  public ListChangesService(PostStore posts, CommentStore comments) {
    this.posts = new Posts(posts);
    this.comments = comments;
  }

  @Override
  public ChangePage listChanges(ListChangesQuery query) {
    posts.require(query.postId(), query.access());
    ChangesAfter found = comments.changesAfter(query.postId(), query.afterRev(), query.limit());
    if (found instanceof ChangesAfter.Kept kept) {
      List<Change> changes = kept.changes();
      if (changes.isEmpty()) {
        return new ChangePage(query.postId(), changes, OptionalLong.empty(), kept.headRev());
      }
      long last = changes.get(changes.size() - 1).rev();
      // A change made after the store read its head may be in the page: the head is at least it.
      long head = Math.max(kept.headRev(), last);
      OptionalLong next = last < head ? OptionalLong.of(last) : OptionalLong.empty();
      return new ChangePage(query.postId(), changes, next, head);
    }
    throw new ChangesExpiredException(query.postId(), query.afterRev());
  }
}
