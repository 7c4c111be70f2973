package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/**
 * Puts {@link ManagementApiFastPath} in front of Micronaut's request handler on every HTTP/1
 * connection of the server (HTTP/2 streams keep the plain path: the controller answers them).
 */
@Singleton
@Requires(condition = LocalGatewayEnabledCondition.class)
public class ManagementApiFastPathInstaller
    implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

  private final LocalConnections connections;

  public ManagementApiFastPathInstaller(LocalConnections connections) {
    this.connections = connections;
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new ServerCustomizer());
    return event.getBean();
  }

  /** For the server: hands each accepted connection a customizer of its own. */
  private final class ServerCustomizer implements NettyServerCustomizer {

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(channel) : this;
    }
  }

  /** For one connection: adds the handler once Micronaut has built its HTTP/1 pipeline. */
  private final class ConnectionCustomizer implements NettyServerCustomizer {

    private final Channel channel;

    ConnectionCustomizer(Channel channel) {
      this.channel = channel;
    }

    @Override
    public void onStreamPipelineBuilt() {
      ChannelPipeline pipeline = channel.pipeline();
      if (pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
          && pipeline.get(ManagementApiFastPath.NAME) == null) {
        pipeline.addBefore(
            ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND,
            ManagementApiFastPath.NAME,
            new ManagementApiFastPath(connections));
      }
    }
  }
}
