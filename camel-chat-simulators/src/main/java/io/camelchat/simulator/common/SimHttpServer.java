package io.camelchat.simulator.common;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * A tiny Netty HTTP/1.1 + websocket server on 127.0.0.1 for simulators. One port serves plain HTTP,
 * and, when an {@link SslContext} is given, also HTTPS/WSS on the same port (TLS is detected per
 * connection from the first bytes, see {@link OptionalSslHandler}). Requests are fully aggregated
 * (up to {@code maxContentLength}) and handed to the {@link HttpHandler} on the event loop; upgrade
 * requests on one of the websocket paths go to the {@link WebSocketHandler}.
 */
public final class SimHttpServer implements AutoCloseable {

    /** Produces the answer to one HTTP request. Runs on an event loop thread: do not block. */
    @FunctionalInterface
    public interface HttpHandler {
        SimResponse handle(SimRequest request);
    }

    /**
     * Produces the answer to one HTTP request later (e.g. a long poll). {@code handle} runs on an event loop thread
     * and must not block; the returned stage may complete on any thread. When the client's connection closes before
     * the stage completed, the server cancels it ({@code toCompletableFuture().cancel(false)}), so that a handler
     * can drop a long poll nobody waits for.
     */
    @FunctionalInterface
    public interface AsyncHttpHandler {
        CompletionStage<SimResponse> handle(SimRequest request);
    }

    /** A websocket path standing for every path: upgrade requests on any path go to the {@link WebSocketHandler}. */
    public static final String ANY_PATH = "*";

    private final String name;
    private final SslContext ssl;
    private final HttpHandler http;
    private final AsyncHttpHandler async;
    private final Set<String> wsPaths;
    private final WebSocketHandler ws;
    private final int maxFrame;
    private final int maxContent;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ChannelGroup channels;
    private Channel serverChannel;
    private int port;

    public SimHttpServer(String name, SslContext sslOrNull, HttpHandler http, Set<String> wsPaths,
                         WebSocketHandler ws, int maxWebSocketFrame, int maxContentLength) {
        this(name, sslOrNull, http, null, wsPaths, ws, maxWebSocketFrame, maxContentLength);
    }

    /** A server whose HTTP answers may be produced asynchronously (no websocket paths). */
    public SimHttpServer(String name, SslContext sslOrNull, AsyncHttpHandler async, int maxContentLength) {
        this(name, sslOrNull, null, async, Set.of(), null, 65536, maxContentLength);
    }

    private SimHttpServer(String name, SslContext sslOrNull, HttpHandler http, AsyncHttpHandler async,
                          Set<String> wsPaths, WebSocketHandler ws, int maxWebSocketFrame, int maxContentLength) {
        this.name = name;
        this.ssl = sslOrNull;
        this.http = http;
        this.async = async;
        this.wsPaths = Set.copyOf(wsPaths);
        this.ws = ws;
        this.maxFrame = maxWebSocketFrame;
        this.maxContent = maxContentLength;
    }

    /** Binds 127.0.0.1 on a free port. */
    public SimHttpServer start() {
        return start(0);
    }

    /** Binds 127.0.0.1 on this port ({@code 0}: a free one). */
    public SimHttpServer start(int bindPort) {
        if (bindPort < 0 || bindPort > 65535) {
            throw new IllegalArgumentException("not a port: " + bindPort);
        }
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory(SimThreads.name(name + "-boss"), true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory(SimThreads.name(name + "-io"), true));
        channels = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast("tls", new OptionalSslHandler(ssl));
                        }
                        p.addLast("http", new HttpServerCodec());
                        p.addLast("aggregator", new HttpObjectAggregator(maxContent));
                        p.addLast("handler", new Handler());
                    }
                });
        try {
            serverChannel = b.bind(new InetSocketAddress("127.0.0.1", bindPort)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        channels.add(serverChannel);
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        return this;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return ssl != null;
    }

    /** Closes every connection and the listening socket; returns within about a second. */
    @Override
    public void close() {
        if (channels != null) {
            channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
        }
        if (boss != null) {
            boss.terminationFuture().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.terminationFuture().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;
        private boolean opened;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                onRequest(ctx, req);
            } else if (msg instanceof WebSocketFrame frame) {
                onFrame(ctx, frame);
            }
        }

        private void onRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                write(ctx, SimResponse.text(400, "bad request"), false);
                return;
            }
            SimRequest sr = toSimRequest(ctx, req);
            boolean upgrade = "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
            if (upgrade && ws != null && (wsPaths.contains(sr.path()) || wsPaths.contains(ANY_PATH))
                    && handshaker == null) {
                SimResponse reject = ws.checkUpgrade(sr, ctx.channel());
                if (reject != null) {
                    write(ctx, reject, false);
                    return;
                }
                String scheme = sr.tls() ? "wss://" : "ws://";
                WebSocketServerHandshakerFactory f = new WebSocketServerHandshakerFactory(
                        scheme + req.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + sr.path(), null, false,
                        maxFrame);
                handshaker = f.newHandshaker(req);
                if (handshaker == null) {
                    WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                    return;
                }
                handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener) fut -> {
                    if (fut.isSuccess()) {
                        opened = true;
                        ws.onOpen(fut.channel());
                    } else {
                        fut.channel().close();
                    }
                });
                ctx.pipeline().addBefore(ctx.name(), "wsaggregator", new WebSocketFrameAggregator(maxFrame));
                return;
            }
            if (async != null) {
                CompletionStage<SimResponse> stage;
                try {
                    stage = async.handle(sr);
                } catch (RuntimeException e) {
                    stage = CompletableFuture.completedFuture(internalError(e));
                }
                // a client that goes away before the answer (a long poll of a killed process) cancels it
                CompletionStage<SimResponse> pending = stage;
                ctx.channel().closeFuture()
                        .addListener(x -> pending.toCompletableFuture().cancel(false));
                stage.whenComplete((r, err) -> {
                    SimResponse a = err != null ? internalError(err) : r;
                    ctx.executor().execute(() -> answer(ctx, a, keepAlive));
                });
                return;
            }
            SimResponse resp;
            try {
                resp = http.handle(sr);
            } catch (RuntimeException e) {
                resp = SimResponse.json(500, "{\"code\":\"InternalError\",\"message\":\"simulator error: "
                                             + String.valueOf(e).replace('"', '\'') + "\"}");
            }
            Duration d = resp.delay();
            if (d != null && !d.isZero() && !d.isNegative()) {
                SimResponse r = resp;
                ctx.executor().schedule(() -> write(ctx, r, keepAlive), d.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                write(ctx, resp, keepAlive);
            }
        }

        private void answer(ChannelHandlerContext ctx, SimResponse resp, boolean keepAlive) {
            Duration d = resp.delay();
            if (d != null && !d.isZero() && !d.isNegative()) {
                ctx.executor().schedule(() -> write(ctx, resp, keepAlive), d.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                write(ctx, resp, keepAlive);
            }
        }

        private SimResponse internalError(Throwable e) {
            return SimResponse.json(500, "{\"code\":500,\"message\":\"simulator error: "
                                         + String.valueOf(e).replace('"', '\'').replace('\\', '/') + "\"}");
        }

        private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof PingWebSocketFrame) {
                if (ws.answerPings()) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                }
            } else if (frame instanceof PongWebSocketFrame) {
                // ignore
            } else if (frame instanceof CloseWebSocketFrame) {
                handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
            } else if (frame instanceof TextWebSocketFrame t) {
                ws.onText(ctx.channel(), t.text());
            } else if (frame instanceof BinaryWebSocketFrame) {
                ws.onBinary(ctx.channel(), ByteBufUtil.getBytes(frame.content()));
            } else {
                ws.onProtocolError(ctx.channel(), "unexpected frame " + frame.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (opened) {
                opened = false;
                ws.onClose(ctx.channel());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (opened) {
                ws.onProtocolError(ctx.channel(), String.valueOf(cause));
            }
            ctx.close();
        }
    }

    private static SimRequest toSimRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder qs = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
        byte[] body = ByteBufUtil.getBytes(req.content());
        Map<String, FormPart> parts = Collections.emptyMap();
        List<FormPart> allParts = new ArrayList<>();
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (ct != null && ct.toLowerCase().startsWith("multipart/form-data")) {
            parts = new LinkedHashMap<>();
            HttpPostRequestDecoder dec = null;
            try {
                dec = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), req);
                for (InterfaceHttpData d : dec.getBodyHttpDatas()) {
                    FormPart part = null;
                    if (d instanceof FileUpload fu) {
                        part = new FormPart(fu.getName(), fu.getFilename(), fu.getContentType(), fu.get(), true);
                    } else if (d instanceof Attribute a) {
                        part = new FormPart(a.getName(), null, null, a.getValue().getBytes(StandardCharsets.UTF_8),
                                false);
                    }
                    if (part != null) {
                        parts.putIfAbsent(part.name(), part);
                        allParts.add(part);
                    }
                }
            } catch (Exception e) {
                parts.clear();
                allParts.clear();
            } finally {
                if (dec != null) {
                    dec.destroy();
                }
            }
        }
        Map<String, List<String>> query = qs.parameters();
        SslHandler sslHandler = ctx.pipeline().get(SslHandler.class);
        boolean tls = sslHandler != null;
        List<X509Certificate> peer = List.of();
        if (sslHandler != null) {
            try {
                Certificate[] chain = sslHandler.engine().getSession().getPeerCertificates();
                List<X509Certificate> l = new ArrayList<>();
                for (Certificate c : chain) {
                    if (c instanceof X509Certificate x) {
                        l.add(x);
                    }
                }
                peer = List.copyOf(l);
            } catch (SSLPeerUnverifiedException e) {
                peer = List.of();
            }
        }
        return new SimRequest(req.method().name(), req.uri(), qs.path(), query, req.headers().copy(), body,
                parts, tls, List.copyOf(allParts), peer);
    }

    private static void write(ChannelHandlerContext ctx, SimResponse r, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        if (r.contentType() != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        HttpUtil.setContentLength(resp, r.body().length);
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(resp);
        } else {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
