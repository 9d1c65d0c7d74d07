package io.camelchat.benchmarks;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;

/**
 * The reference point: the least a Stream client has to do. Registers with {@link HttpClient}, opens the websocket
 * over TLS (JVM default trust store, hostname verification as the other clients do) with Netty's
 * {@link WebSocketClientProtocolHandler}, and for every EVENT/CALLBACK text frame reads just the headers with a
 * streaming Jackson parser and answers the success ack. Everything happens on the one Netty event loop thread; no
 * hand-off, no object model.
 *
 * <p>{@code batchFlush=false}: {@code writeAndFlush} per frame (one TLS record and one socket write per ack).
 * {@code batchFlush=true}: {@code write} per frame and one {@code flush} per read burst ({@code channelReadComplete}),
 * the idiomatic Netty way and an upper bound for a client that acks on the I/O thread.
 *
 * <p>{@code heapTls=true}: the TLS setup of the component: heap buffers from the channel's allocator, and what the
 * socket read copied into a heap buffer before the TLS handler (the JDK's AES-GCM runs its intrinsics on arrays, not
 * on direct buffers), so that this reference has the component's TLS cost.
 */
final class BareNettyStreamClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final String apiUrl;
    private final String clientId;
    private final String clientSecret;
    private final boolean batchFlush;
    private final boolean heapTls;
    private EventLoopGroup group;
    private Channel channel;

    BareNettyStreamClient(String apiUrl, String clientId, String clientSecret, boolean batchFlush, boolean heapTls) {
        this.apiUrl = apiUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.batchFlush = batchFlush;
        this.heapTls = heapTls;
    }

    void start() throws Exception {
        // 1. registration
        String body = "{\"clientId\":" + MAPPER.writeValueAsString(clientId) + ",\"clientSecret\":"
                      + MAPPER.writeValueAsString(clientSecret)
                      + ",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"*\"}],\"ua\":\"bare-netty-benchmark\"}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> resp = http
                .send(HttpRequest.newBuilder(URI.create(apiUrl + "/v1.0/gateway/connections/open"))
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("registration failed: " + resp.statusCode() + " " + resp.body());
        }
        JsonNode reg = MAPPER.readTree(resp.body());
        URI uri = URI.create(reg.get("endpoint").asText() + "?ticket="
                             + URLEncoder.encode(reg.get("ticket").asText(), StandardCharsets.UTF_8));
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;

        // 2. websocket
        SslContext ssl = tls ? SslContextBuilder.forClient().build() : null;
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).maxFramePayloadLength(1024 * 1024).handshakeTimeoutMillis(10_000).build();
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("bare-netty", true));
        Promise<Void> open = group.next().newPromise();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, heapTls ? new PooledByteBufAllocator(false)
                        : PooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            SSLEngine engine = ssl.newEngine(ch.alloc(), host, port);
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
                            if (heapTls) {
                                p.addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof ByteBuf in && in.isDirect()) {
                                            ByteBuf copy = ctx.alloc().heapBuffer(in.readableBytes()).writeBytes(in);
                                            in.release();
                                            ctx.fireChannelRead(copy);
                                        } else {
                                            ctx.fireChannelRead(msg);
                                        }
                                    }
                                });
                            }
                            p.addLast(new SslHandler(engine));
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(8192));
                        p.addLast(new WebSocketClientProtocolHandler(wsConfig));
                        p.addLast(new AckHandler(open));
                    }
                });
        channel = b.connect(host, port).sync().channel();
        if (!open.await(10, TimeUnit.SECONDS) || !open.isSuccess()) {
            throw new IllegalStateException("websocket handshake failed", open.cause());
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class AckHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Promise<Void> open;

        AckHandler(Promise<Void> open) {
            this.open = open;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open.trySuccess(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                open.tryFailure(new IllegalStateException("handshake timeout"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            String type = null;
            String messageId = null;
            // frames are {"specVersion","type","headers":{...},"data":"..."}: stop after the headers
            try (JsonParser p = JSON.createParser((InputStream) new ByteBufInputStream(frame.content()))) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("type".equals(name)) {
                        type = p.getText();
                    } else if ("headers".equals(name) && t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String h = p.currentName();
                            p.nextToken();
                            if ("messageId".equals(h)) {
                                messageId = p.getText();
                            }
                        }
                        if (type != null) {
                            break;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (messageId == null || "SYSTEM".equals(type)) {
                return; // no SYSTEM pings in the benchmark
            }
            String data = "EVENT".equals(type) ? "{\\\"status\\\":\\\"SUCCESS\\\",\\\"message\\\":\\\"success\\\"}"
                    : "{\\\"response\\\":null}";
            TextWebSocketFrame ack = new TextWebSocketFrame(
                    "{\"code\":200,\"headers\":{\"contentType\":\"application/json\","
                                                            + "\"messageId\":\"" + messageId + "\"},\"message\":\"OK\","
                                                            + "\"data\":\"" + data + "\"}");
            if (batchFlush) {
                ctx.write(ack);
            } else {
                ctx.writeAndFlush(ack);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            if (batchFlush) {
                ctx.flush();
            }
            super.channelReadComplete(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            open.tryFailure(cause);
            ctx.close();
        }
    }
}
