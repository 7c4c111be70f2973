package io.livecomments.application.service;

import io.livecomments.application.port.in.ListCommentsUseCase;
import io.livecomments.application.port.in.ListCommentsUseCase.CommentPage;
import io.livecomments.application.port.in.ListCommentsUseCase.ListCommentsQuery;
import io.livecomments.application.port.in.PushCommentPageUseCase;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.Frames;
import io.livecomments.domain.ConnectionId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

public final class PushCommentPageService implements PushCommentPageUseCase {

  private final ListCommentsUseCase listComments;
  private final Frames frames;
  private final ConnectionPusher pusher;
  private final Executor background;

  public PushCommentPageService(
      ListCommentsUseCase listComments,
      Frames frames,
      ConnectionPusher pusher,
      Executor background) {
    this.listComments = listComments;
    this.frames = frames;
    this.pusher = pusher;
    this.background = background;
  }

  @Override
  public int pushPage(ListCommentsQuery query, ConnectionId connectionId) {
    CommentPage page = listComments.listComments(query);
    List<String> parts = frames.commentsList(page);
    background.execute(() -> pushInOrder(connectionId, parts));
    return page.comments().size();
  }

  /** Part n+1 leaves only once part n has settled, so that parts arrive in order. */
  private void pushInOrder(ConnectionId connectionId, List<String> parts) {
    CompletableFuture<PushOutcome> chain = CompletableFuture.completedFuture(PushOutcome.DELIVERED);
    for (String part : parts) {
      chain =
          chain.thenComposeAsync(
              previous ->
                  previous instanceof PushOutcome.Gone
                      ? CompletableFuture.completedFuture(previous)
                      : pusher.pushTo(connectionId, part),
              background);
    }
  }
}
