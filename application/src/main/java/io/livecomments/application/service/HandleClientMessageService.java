package io.livecomments.application.service;

import io.livecomments.application.port.in.HandleClientMessageUseCase;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.PostStore;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.application.service.push.ConnectionPusher;
import io.livecomments.application.service.push.Frames;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Answers what clients send over their WebSocket. Every answer is a push to that connection alone;
 * subscribing and unsubscribing answer with {@code connection.info}, so that a client knows when
 * its subscription holds.
 */
public final class HandleClientMessageService implements HandleClientMessageUseCase {

  private final ConnectionRegistry registry;
  private final PostStore posts;
  private final Frames frames;
  private final ConnectionPusher pusher;
  private final Executor background;
  private final Clock clock;

  public HandleClientMessageService(
      ConnectionRegistry registry,
      PostStore posts,
      Frames frames,
      ConnectionPusher pusher,
      Executor background,
      Clock clock) {
    this.registry = registry;
    this.posts = posts;
    this.frames = frames;
    this.pusher = pusher;
    this.background = background;
    this.clock = clock;
  }

  @Override
  public void handle(ConnectionId connectionId, ClientMessage message) {
    OutboundMessage reply;
    if (message instanceof ClientMessage.Subscribe subscribe) {
      reply = subscribe(connectionId, subscribe.postId());
    } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
      reply = info(connectionId, registry.unsubscribe(connectionId, unsubscribe.postId()));
    } else if (message instanceof ClientMessage.WhoAmI) {
      registry.touch(connectionId);
      reply = info(connectionId, registry.find(connectionId));
    } else if (message instanceof ClientMessage.Ping) {
      registry.touch(connectionId);
      reply = new OutboundMessage.Pong();
    } else {
      reply = new OutboundMessage.ErrorReply(((ClientMessage.Invalid) message).reason());
    }
    String frame = frames.frame(reply);
    background.execute(() -> pusher.pushTo(connectionId, frame));
  }

  private OutboundMessage subscribe(ConnectionId connectionId, PostId postId) {
    if (posts.findById(postId).isEmpty()) {
      return new OutboundMessage.ErrorReply("Post " + postId.value() + " does not exist");
    }
    Optional<Connection> updated = registry.subscribe(connectionId, postId);
    if (updated.isEmpty()) {
      // The gateway only forwards frames of live connections: a registry that forgot this one
      // (a restart of the memory store, say) learns it again rather than failing the client.
      Connection relearned =
          new Connection(connectionId, Set.of(postId), Optional.empty(), clock.instant());
      registry.register(relearned);
      updated = Optional.of(relearned);
    }
    return info(connectionId, updated);
  }

  private static OutboundMessage info(ConnectionId connectionId, Optional<Connection> connection) {
    List<PostId> subscriptions =
        connection
            .map(c -> c.subscriptions().stream())
            .orElseGet(java.util.stream.Stream::empty)
            .sorted(Comparator.comparing(PostId::value))
            .toList();
    return new OutboundMessage.ConnectionInfo(connectionId, subscriptions);
  }
}
