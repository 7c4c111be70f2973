package io.livecomments.config;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Drops the {@code Upgrade} header of every request but a {@code GET}. API Gateway's {@code
 * HTTP_PROXY} integration forwards the browser's WebSocket handshake headers ({@code Connection:
 * Upgrade}, {@code Upgrade: websocket}, {@code Sec-WebSocket-*}) on its {@code POST} to {@code
 * /api/v1/websocket/connect}, and Netty's server would take that for a handshake with this server
 * and answer 404, there being no WebSocket at that path. A handshake is always a {@code GET} (RFC
 * 6455, section 4.1), so no real one is lost; the local gateway's {@code /ws} still upgrades.
 */
@Singleton
public class ForwardedHandshakeHeaders
    implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

  private static final String HANDLER = "livecomments-forwarded-handshake-headers";

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null));
    return event.getBean();
  }

  private record Customizer(Channel channel) implements NettyServerCustomizer {

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return new Customizer(channel);
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null) {
        channel
            .pipeline()
            .addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, HANDLER, STRIPPER);
      }
    }
  }

  private static final ChannelHandler STRIPPER = new UpgradeOnlyOnGet();

  @ChannelHandler.Sharable
  private static final class UpgradeOnlyOnGet extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      if (message instanceof HttpRequest request
          && !HttpMethod.GET.equals(request.method())
          && request.headers().contains(HttpHeaderNames.UPGRADE)) {
        request.headers().remove(HttpHeaderNames.UPGRADE);
      }
      context.fireChannelRead(message);
    }
  }
}
