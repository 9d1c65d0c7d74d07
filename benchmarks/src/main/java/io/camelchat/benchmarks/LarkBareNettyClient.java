package io.camelchat.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.camelchat.simulator.lark.proto.Pbbp2;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
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
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;

/**
 * The reference point for the Lark long connection: the least a client has to do. Asks for the connection address
 * ({@code POST /callback/ws/endpoint} with {@link HttpClient}), opens the websocket with Netty's
 * {@link WebSocketClientProtocolHandler} (TLS with hostname verification when the address is {@code wss}), parses every
 * binary message as a pbbp2 {@code Frame} with protobuf-java (the simulator's generated classes), and answers each
 * data frame of type {@code event} on the I/O thread with the response frame the SDKs send: the frame copied, the
 * header {@code biz_rt} appended and the payload {@code {"code":200}}. It answers nothing else (no pings: the
 * simulator does not require them; the payload JSON is never read; fragments are not reassembled, the benchmark
 * does not split payloads). No hand-off to other threads, no object model.
 *
 * <p>{@code batchFlush=false}: {@code writeAndFlush} per answer. {@code batchFlush=true}: {@code write} per answer and
 * one {@code flush} per read burst ({@code channelReadComplete}), the idiomatic Netty upper bound.
 */
final class LarkBareNettyClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ByteString OK = ByteString.copyFromUtf8("{\"code\":200}");
    private static final Pbbp2.Header BIZ_RT = Pbbp2.Header.newBuilder().setKey("biz_rt").setValue("0").build();

    private final String apiUrl;
    private final String appId;
    private final String appSecret;
    private final boolean batchFlush;
    private EventLoopGroup group;
    private Channel channel;

    LarkBareNettyClient(String apiUrl, String appId, String appSecret, boolean batchFlush) {
        this.apiUrl = apiUrl;
        this.appId = appId;
        this.appSecret = appSecret;
        this.batchFlush = batchFlush;
    }

    void start() throws Exception {
        // 1. connection address
        String body = "{\"AppID\":" + MAPPER.writeValueAsString(appId) + ",\"AppSecret\":"
                      + MAPPER.writeValueAsString(appSecret) + "}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/callback/ws/endpoint"))
                .header("Content-Type", "application/json; charset=utf-8").header("locale", "zh")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = MAPPER.readTree(resp.body());
        if (resp.statusCode() != 200 || answer.path("code").asInt(-1) != 0) {
            throw new IllegalStateException("endpoint request failed: " + resp.statusCode() + " " + resp.body());
        }
        URI uri = URI.create(answer.path("data").path("URL").asText());
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;

        // 2. websocket
        SslContext ssl = tls ? SslContextBuilder.forClient().build() : null;
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).maxFramePayloadLength(1024 * 1024).handshakeTimeoutMillis(10_000).build();
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("lark-bare-netty", true));
        Promise<Void> open = group.next().newPromise();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            SSLEngine engine = ssl.newEngine(ch.alloc(), host, port);
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
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

    private final class AckHandler extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
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
        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame msg) throws Exception {
            Pbbp2.Frame frame = Pbbp2.Frame.parseFrom(msg.content().nioBuffer());
            if (frame.getMethod() != 1 || !"event".equals(header(frame, "type"))) {
                return; // pongs, legacy card frames: nothing to answer
            }
            byte[] ack = frame.toBuilder().addHeaders(BIZ_RT).setPayload(OK).build().toByteArray();
            BinaryWebSocketFrame out = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ack));
            if (batchFlush) {
                ctx.write(out);
            } else {
                ctx.writeAndFlush(out);
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

    private static String header(Pbbp2.Frame frame, String key) {
        for (int i = 0; i < frame.getHeadersCount(); i++) {
            Pbbp2.Header h = frame.getHeaders(i);
            if (key.equals(h.getKey())) {
                return h.getValue();
            }
        }
        return null;
    }
}
