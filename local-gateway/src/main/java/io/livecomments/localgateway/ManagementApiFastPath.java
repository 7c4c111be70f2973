package io.livecomments.localgateway;

import io.micronaut.core.annotation.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers {@code POST /@connections/{id}} (and {@code /{stage}/@connections/{id}}) on the
 * connection's event loop, in front of Micronaut's request handling. A fan-out to 10,000 clients is
 * 10,000 such requests; routed through Micronaut each paid for routing, the security rules, the
 * request-id and metrics filters, none of which a stand-in for API Gateway needs: they were half of
 * the local gateway's CPU per push (docs/benchmarks.md).
 *
 * <p>It takes only what it can answer exactly like {@link ManagementApiController}: an HTTP/1.1
 * {@code POST} with a {@code Content-Length} within API Gateway's limit, no {@code Expect} and no
 * {@code X-Request-Id} of the caller's, on a connection with no other request in progress. Its
 * answers carry a new {@code X-Request-Id}, as every response does; they are not in the access log
 * (which logs pushes at DEBUG only) nor in the HTTP server metrics. Anything else is passed on
 * unchanged, and the controller answers it, so a client sees one API whichever path serves it.
 * Requests that arrive while one of ours is still sending are held and replayed after its answer,
 * keeping HTTP/1.1's order of answers for a client that pipelines.
 *
 * <p>One instance per HTTP connection; Netty calls it on that connection's event loop only. It
 * removes itself when the connection is upgraded to a WebSocket.
 */
final class ManagementApiFastPath extends ChannelDuplexHandler {

  static final String NAME = "livecomments-management-api";

  private static final String CONNECTIONS = "/@connections/";
  private static final String REQUEST_ID = "X-Request-Id";
  private static final byte[] GONE_BODY =
      ManagementApiResponses.GONE_BODY.getBytes(StandardCharsets.UTF_8);

  private final LocalConnections connections;

  /** Requests passed on to Micronaut that it has not finished answering. */
  private int passedOn;

  /** The push being read (its body still arriving) or sent, until its answer is written. */
  private @Nullable Push push;

  /** The current request is being passed on: its body parts go the same way. */
  private boolean passingBody;

  /** What arrived while a push was in progress, replayed in order once it is answered. */
  private final Queue<Object> held = new ArrayDeque<>();

  ManagementApiFastPath(LocalConnections connections) {
    this.connections = connections;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (push != null && push.answering) {
      held.add(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      String connectionId = passedOn == 0 ? pushTarget(request) : null;
      if (connectionId == null) {
        passedOn++;
        passingBody = !(msg instanceof LastHttpContent);
        ctx.fireChannelRead(msg);
        return;
      }
      push = new Push(connectionId, HttpUtil.isKeepAlive(request), ctx);
      passingBody = false;
    } else if (passingBody || push == null || !(msg instanceof HttpContent)) {
      passingBody = passingBody && !(msg instanceof LastHttpContent);
      ctx.fireChannelRead(msg);
      return;
    }
    // A FullHttpRequest is both the request and its content.
    if (msg instanceof HttpContent content) {
      push.body.writeBytes(content.content());
    }
    ReferenceCountUtil.release(msg);
    if (msg instanceof LastHttpContent) {
      push.send();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean upgraded =
        msg instanceof HttpResponse response
            && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    if (msg instanceof LastHttpContent && !isInformational(msg) && passedOn > 0) {
      passedOn--;
    }
    ctx.write(msg, promise);
    if (upgraded) {
      // A WebSocket from now on: its frames need not pass through here.
      ctx.pipeline().remove(this);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (push != null && !push.answering) {
      push.body.release();
    }
    held.forEach(ReferenceCountUtil::release);
    held.clear();
  }

  private static boolean isInformational(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }

  /** The connection id a request pushes to, if it is a push this handler answers; else null. */
  static @Nullable String pushTarget(HttpRequest request) {
    if (!request.decoderResult().isSuccess()
        || request.method() != HttpMethod.POST
        || !request.protocolVersion().equals(HttpVersion.HTTP_1_1)
        || request.headers().contains(HttpHeaderNames.EXPECT)
        // A caller's own request id is echoed (or refused) by the service's filter, as always.
        || request.headers().contains(REQUEST_ID)
        || HttpUtil.isTransferEncodingChunked(request)) {
      return null;
    }
    long length = HttpUtil.getContentLength(request, -1L);
    if (length < 0 || length > LocalGatewayConfiguration.MAX_MESSAGE_BYTES) {
      return null;
    }
    return connectionId(request.uri());
  }

  /**
   * The decoded id of {@code /@connections/{id}} or {@code /{stage}/@connections/{id}} (query
   * ignored), or null for any other path. A {@code +} stays a {@code +}, as in any URL path.
   */
  static @Nullable String connectionId(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    int at = path.indexOf(CONNECTIONS);
    if (at < 0 || (at > 0 && (at == 1 || path.lastIndexOf('/', at - 1) != 0))) {
      return null;
    }
    String id = path.substring(at + CONNECTIONS.length());
    if (id.isEmpty() || id.indexOf('/') >= 0) {
      return null;
    }
    try {
      return QueryStringDecoder.decodeComponent(id.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedEscape) {
      return null;
    }
  }

  /** A random (version 4) UUID, as the service's request ids are; unique, not unguessable. */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** One push: its body, then the send, then the answer. */
  private final class Push {

    private final String connectionId;
    private final boolean keepAlive;
    private final ChannelHandlerContext ctx;
    private final ByteBuf body;
    private boolean answering;

    Push(String connectionId, boolean keepAlive, ChannelHandlerContext ctx) {
      this.connectionId = connectionId;
      this.keepAlive = keepAlive;
      this.ctx = ctx;
      this.body = ctx.alloc().heapBuffer();
    }

    void send() {
      answering = true;
      String frame = body.toString(StandardCharsets.UTF_8);
      body.release();
      connections
          .push(connectionId, frame)
          .whenComplete(
              (sent, error) -> {
                if (ctx.executor().inEventLoop()) {
                  answer(Boolean.TRUE.equals(sent));
                } else {
                  ctx.executor().execute(() -> answer(Boolean.TRUE.equals(sent)));
                }
              });
    }

    private void answer(boolean sent) {
      FullHttpResponse response =
          sent
              ? new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER)
              : gone();
      // Every response carries a request id (CONTRACT section 9); these requests came without one.
      response.headers().set(REQUEST_ID, newRequestId());
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      ManagementApiFastPath.this.push = null;
      if (!keepAlive) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.writeAndFlush(response);
      replayHeld();
    }

    /**
     * Replays what was held, in order; whatever meets another push being answered is held again.
     * Micronaut saw no read-complete for these, so it gets one, to flush and ask for more.
     */
    private void replayHeld() {
      if (held.isEmpty()) {
        return;
      }
      List<Object> replay = new ArrayList<>(held);
      held.clear();
      for (Object msg : replay) {
        channelRead(ctx, msg);
      }
      ctx.fireChannelReadComplete();
    }

    private FullHttpResponse gone() {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.GONE, Unpooled.wrappedBuffer(GONE_BODY));
      response
          .headers()
          .set(ManagementApiResponses.ERROR_TYPE_HEADER, ManagementApiResponses.GONE_TYPE)
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, GONE_BODY.length);
      return response;
    }
  }
}
