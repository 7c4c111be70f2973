package io.livecomments.application.service;

import io.livecomments.application.port.in.ListCommentsUseCase;
import io.livecomments.application.port.out.CommentStore;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.SortOrder;
import io.livecomments.domain.Comment;
import java.util.List;
import java.util.OptionalLong;

public final class ListCommentsService implements ListCommentsUseCase {

  private final Posts posts;
  private final CommentStore comments;

  public ListCommentsService(PostStore posts, CommentStore comments) {
    this.posts = new Posts(posts);
    this.comments = comments;
  }

  @Override
  public CommentPage listComments(ListCommentsQuery query) {
    posts.require(query.postId(), query.access());
    // Read before the comments: a change racing this read is then either in the page or after
    // headRev, never lost between the two.
    long headRev = comments.headRev(query.postId());
    // One more than asked tells whether another page follows, without a second read.
    List<Comment> found =
        comments.findPage(query.postId(), query.range(), query.order(), query.limit() + 1);
    boolean more = found.size() > query.limit();
    List<Comment> page = more ? found.subList(0, query.limit()) : found;
    OptionalLong next =
        more ? OptionalLong.of(page.get(page.size() - 1).seq()) : OptionalLong.empty();
    return query.order() == SortOrder.ASC
        ? new CommentPage(query.postId(), page, next, OptionalLong.empty(), headRev)
        : new CommentPage(query.postId(), page, OptionalLong.empty(), next, headRev);
  }
}
