package io.livecomments.application.service;

import io.livecomments.application.port.in.SendTestMessageUseCase;
import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.application.port.out.push.OutboundMessage;
import io.livecomments.application.service.push.Frames;
import java.util.Optional;

public final class SendTestMessageService implements SendTestMessageUseCase {

  private final ConnectionRegistry registry;
  private final Broadcaster broadcaster;
  private final Frames frames;

  public SendTestMessageService(
      ConnectionRegistry registry, Broadcaster broadcaster, Frames frames) {
    this.registry = registry;
    this.broadcaster = broadcaster;
    this.frames = frames;
  }

  @Override
  public int sendTest(String message) {
    int connections = registry.count().connections();
    OutboundMessage test = new OutboundMessage.TestBroadcast(message);
    broadcaster.broadcast(Optional.empty(), test.type(), frames.frame(test));
    return connections;
  }
}
