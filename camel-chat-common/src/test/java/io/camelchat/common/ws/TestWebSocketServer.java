package io.camelchat.common.ws;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A websocket server on 127.0.0.1 and a free port, path {@code /ws}, written with Netty's handshaker directly so
 * that the test decides everything: refusing the upgrade, answering pings or not, closing sockets without a close
 * frame, sending any frame.
 */
final class TestWebSocketServer implements AutoCloseable {

    /** Answer the upgrade with 401 instead of 101. */
    volatile boolean refuseUpgrade;
    /** Answer websocket pings with pongs (a silent server does not). */
    volatile boolean answerPings = true;

    /** Websockets open now. */
    final List<Channel> open = new CopyOnWriteArrayList<>();
    /** Every websocket ever accepted, in order. */
    final List<Channel> accepted = new CopyOnWriteArrayList<>();
    final List<String> handshakeUris = new CopyOnWriteArrayList<>();
    final List<String> handshakeAuthorizations = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<String> texts = new ConcurrentLinkedQueue<>();
    final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger upgradesRefused = new AtomicInteger();

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("test-ws-server", true));
    private final Channel serverChannel;

    TestWebSocketServer(boolean compression) throws InterruptedException {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                        if (compression) {
                            ch.pipeline().addLast(new WebSocketServerCompressionHandler());
                        }
                        ch.pipeline().addLast(new Handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    TestWebSocketServer() throws InterruptedException {
        this(false);
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    String uri(String query) {
        return "ws://127.0.0.1:" + port() + "/ws" + (query == null ? "" : "?" + query);
    }

    void send(Channel channel, String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Closes the TCP connection without a websocket close frame. */
    void dropAbruptly(Channel channel) {
        channel.close();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                if (refuseUpgrade) {
                    upgradesRefused.incrementAndGet();
                    respond(ctx, HttpResponseStatus.UNAUTHORIZED, "ticket refused");
                    return;
                }
                if (!"/ws".equals(new QueryStringDecoder(req.uri()).path())) {
                    respond(ctx, HttpResponseStatus.NOT_FOUND, "not here");
                    return;
                }
                handshakeUris.add(req.uri());
                handshakeAuthorizations.add(String.valueOf(req.headers().get(HttpHeaderNames.AUTHORIZATION)));
                handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1:" + port() + "/ws", null, true,
                        16 * 1024 * 1024).newHandshaker(req);
                if (handshaker == null) {
                    WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                    return;
                }
                handshaker.handshake(ctx.channel(), req).addListener(f -> {
                    if (f.isSuccess()) {
                        open.add(ctx.channel());
                        accepted.add(ctx.channel());
                    }
                });
            } else if (msg instanceof PingWebSocketFrame ping) {
                pings.incrementAndGet();
                if (answerPings) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                closeCodes.add(close.statusCode());
                handshaker.close(ctx.channel(), close.retain());
            } else if (msg instanceof TextWebSocketFrame text) {
                texts.add(text.text());
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.remove(ctx.channel());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
