package io.livecomments.application.port.in;

import io.livecomments.application.port.in.ListCommentsUseCase.ListCommentsQuery;
import io.livecomments.domain.ConnectionId;

/** {@code GET …/comments?delivery=websocket}: the page goes to one connection, not the response. */
@FunctionalInterface
public interface PushCommentPageUseCase {

  /**
   * Reads the page now and pushes it in the background as {@code comments.list}, in parts if it is
   * large.
   *
   * @return how many comments the page holds
   */
  int pushPage(ListCommentsQuery query, ConnectionId connectionId);
}
