package io.camelchat.common.ws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.camelchat.common.Backoff;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
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
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A websocket client that stays connected: it resolves the endpoint before every connection (platforms hand out
 * one-time tickets or signed URLs), reconnects with exponential back-off and jitter, sends heartbeats and replaces
 * a connection that went silent, and stops reading from the socket while too many events are being processed.
 * <p>
 * A platform may ask for a new connection while the old one drains ({@link #reconnect(String)}): the new one becomes
 * current once open, and the old one keeps delivering acknowledgements until it closes.
 */
public final class WebSocketSession {

    /** Where to connect: resolved again before every connection attempt. */
    @FunctionalInterface
    public interface EndpointResolver {
        Endpoint resolve() throws Exception;
    }

    /** A websocket address and the extra handshake headers it needs. */
    public record Endpoint(URI uri, Map<String, String> headers) {
        public Endpoint {
            Objects.requireNonNull(uri, "uri");
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public static Endpoint of(URI uri) {
            return new Endpoint(uri, Map.of());
        }

        @Override
        public String toString() {
            // never show the query: it usually carries a ticket or a signature
            return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + uri.getRawPath();
        }
    }

    /** Connection state as a health check reports it. */
    public enum State {
        NEW, CONNECTING, CONNECTED, RECONNECTING, FAILED, STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSession.class);

    private final WebSocketSessionConfig config;
    private final EndpointResolver resolver;
    private final WebSocketListener listener;
    private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionSeq = new AtomicInteger();
    static final PooledByteBufAllocator HEAP_BUFFERS = new PooledByteBufAllocator(false);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();

    private EventLoopGroup group;
    private volatile State state = State.NEW;
    private volatile WebSocketConnection current;
    private volatile boolean connecting;
    private volatile boolean halted;
    private volatile boolean readingPaused;
    private volatile boolean held;
    private volatile int failedAttempts;
    private volatile String lastError;
    private volatile Instant lastConnectedAt;
    private ScheduledFuture<?> pendingConnect;

    public WebSocketSession(WebSocketSessionConfig config, EndpointResolver resolver, WebSocketListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Starts connecting; returns at once. */
    public synchronized void start() {
        if (state != State.NEW && state != State.STOPPED) {
            return;
        }
        group = config.getExecutor() != null
                ? new NioEventLoopGroup(1, config.getExecutor())
                : new NioEventLoopGroup(1, new DefaultThreadFactory("camel-chat-ws-" + config.getName(), true));
        state = State.CONNECTING;
        halted = false;
        held = false;
        failedAttempts = 0;
        scheduleConnect(Duration.ZERO);
    }

    /**
     * Stops reconnecting for good and reports {@link State#FAILED} with {@code error} (a platform said retrying cannot
     * help: the credentials were refused, the client was logged out elsewhere); open connections are closed. Returns
     * at once, so it may be called from a listener. {@link #stop()} then {@link #start()} begins again.
     */
    public void halt(String error) {
        synchronized (this) {
            if (state == State.STOPPED || state == State.NEW) {
                return;
            }
            halted = true;
            lastError = error;
            state = State.FAILED;
            if (pendingConnect != null) {
                pendingConnect.cancel(false);
            }
        }
        LOG.warn("{}: not reconnecting: {}", config.getName(), error);
        for (WebSocketConnection c : connections) {
            c.close(1000, "halted");
        }
    }

    /** Whether {@link #halt} stopped the session. */
    public boolean isHalted() {
        return halted;
    }

    /** Closes every connection and stops reconnecting; returns once the I/O threads ended (2 seconds at most). */
    public void stop() {
        EventLoopGroup g = stopping();
        if (g != null && !g.isTerminated()) {
            g.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    /**
     * Closes every connection (a close frame after what was written before) and stops reconnecting, without waiting
     * for the I/O threads to end: may be called from any thread, an I/O thread included. {@link #start()} begins again.
     */
    public void beginStop() {
        stopping();
    }

    /** Stops; returns the event loop group that is shutting down (null when the session never started). */
    private EventLoopGroup stopping() {
        EventLoopGroup g;
        synchronized (this) {
            g = group;
            if (state == State.STOPPED || state == State.NEW) {
                state = State.STOPPED;
                return g;
            }
            state = State.STOPPED;
            if (pendingConnect != null) {
                pendingConnect.cancel(false);
            }
        }
        for (WebSocketConnection c : connections) {
            c.close(1000, "client stopping");
        }
        if (g != null) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        connections.clear();
        current = null;
        return g;
    }

    /**
     * Opens a replacement connection now; the current one keeps working (draining) until it closes or the new one is
     * open. Used when the platform announces it will close the connection.
     */
    public void reconnect(String reason) {
        WebSocketConnection c = current;
        if (c != null) {
            c.markDraining();
        }
        LOG.info("{}: opening a new connection ({})", config.getName(), reason);
        scheduleConnect(Duration.ZERO);
    }

    /**
     * Changes the heartbeat interval while the session runs (a platform may announce another one): open connections
     * get new idle timers at once (a connection is then replaced after 2.5 new intervals of silence), later ones start
     * with it. Zero turns heartbeats and the silence check off for connections opened afterwards; open ones keep
     * their timers.
     */
    public void setHeartbeatInterval(Duration interval) {
        Duration d = interval == null ? Duration.ZERO : interval;
        Duration before = config.getHeartbeatInterval();
        config.setHeartbeatInterval(d);
        long millis = d.toMillis();
        if (millis <= 0 || d.equals(before)) {
            return;
        }
        for (WebSocketConnection c : connections) {
            ChannelPipeline p = c.channel().pipeline();
            try {
                IdleStateHandler idle = newIdleHandler(millis);
                if (p.get("idle") != null) {
                    p.replace("idle", "idle", idle);
                } else if (p.get("flush") != null) {
                    p.addAfter("flush", "idle", idle);
                }
            } catch (NoSuchElementException | IllegalArgumentException e) {
                // the connection is closing and its pipeline emptied: nothing to adjust
            }
        }
        LOG.debug("{}: heartbeat interval now {} ms", config.getName(), millis);
    }

    private static IdleStateHandler newIdleHandler(long heartbeatMillis) {
        return new IdleStateHandler(2 * heartbeatMillis + heartbeatMillis / 2, 0, heartbeatMillis,
                TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- in-flight accounting

    /** Call when an event is handed to processing; reading pauses while {@code maxInFlight} are outstanding. */
    public void eventStarted() {
        if (inFlight.incrementAndGet() >= config.getMaxInFlight()) {
            setReading(false);
        }
    }

    /**
     * Call when an event finished processing (acknowledged or not). Reading resumes once the events in flight fell
     * to half the limit, so that the socket is not switched on and off for every event.
     */
    public void eventFinished() {
        if (inFlight.decrementAndGet() <= resumeThreshold() && readingPaused) {
            setReading(true);
        }
    }

    private int resumeThreshold() {
        return config.getMaxInFlight() / 2;
    }

    private synchronized void setReading(boolean read) {
        int n = inFlight.get();
        boolean consistent = read ? n <= resumeThreshold() : n >= config.getMaxInFlight();
        if (!consistent || readingPaused == !read) {
            return;
        }
        readingPaused = !read;
        LOG.debug("{}: {} reading ({} events in flight)", config.getName(), read ? "resuming" : "pausing",
                inFlight.get());
        applyReading();
    }

    /**
     * Holds reading from the socket ({@code true}) whatever the events in flight, or lets the in-flight limit decide
     * again ({@code false}): a consumer that is suspending or stopping takes no further frames while it still writes the
     * answers of those it took. The connections stay open; a connection opened while reading is held does not read
     * either. {@link #start()} clears it.
     */
    public synchronized void holdReading(boolean hold) {
        if (held == hold) {
            return;
        }
        held = hold;
        LOG.debug("{}: reading {} ({} events in flight)", config.getName(), hold ? "held" : "released",
                inFlight.get());
        applyReading();
    }

    /** Whether {@link #holdReading} holds reading. */
    public boolean isReadingHeld() {
        return held;
    }

    private boolean reads() {
        return !readingPaused && !held;
    }

    private void applyReading() {
        boolean read = reads();
        for (WebSocketConnection c : connections) {
            c.channel().config().setAutoRead(read);
        }
    }

    // ---------------------------------------------------------------- state for health checks and tests

    public State getState() {
        return state;
    }

    /** The last connection error (no secrets: endpoints are shown without their query). */
    public String getLastError() {
        return lastError;
    }

    public int getFailedAttempts() {
        return failedAttempts;
    }

    public long getConnectCount() {
        return connects.get();
    }

    public long getFramesReceived() {
        return framesReceived.get();
    }

    public int getInFlight() {
        return inFlight.get();
    }

    public boolean isReadingPaused() {
        return readingPaused;
    }

    public Instant getLastConnectedAt() {
        return lastConnectedAt;
    }

    public WebSocketConnection getCurrentConnection() {
        return current;
    }

    public String getName() {
        return config.getName();
    }

    // ---------------------------------------------------------------- connecting

    private synchronized void scheduleConnect(Duration delay) {
        if (state == State.STOPPED || halted || group == null || group.isShuttingDown()) {
            return;
        }
        if (pendingConnect != null && !pendingConnect.isDone()) {
            if (delay.isZero()) {
                pendingConnect.cancel(false);
            } else {
                return;
            }
        }
        pendingConnect = group.next().schedule(this::connectNow, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connectNow() {
        synchronized (this) {
            // this attempt runs: a failure reported before it returns (a quick resolver thread) schedules the next one
            pendingConnect = null;
        }
        if (state == State.STOPPED || connecting) {
            return;
        }
        connecting = true;
        // the resolver may block (it usually calls an HTTP API); keep it off the I/O thread
        Runnable task = () -> {
            try {
                Endpoint endpoint = resolver.resolve();
                open(endpoint);
            } catch (Exception e) {
                connecting = false;
                attemptFailed("resolving the endpoint failed: " + describe(e));
            } catch (Throwable t) {
                connecting = false;
                attemptFailed("resolving the endpoint failed: " + describe(t));
            }
        };
        if (config.getExecutor() != null) {
            config.getExecutor().execute(task);
        } else {
            Thread t = new Thread(task, "camel-chat-ws-connect-" + config.getName());
            t.setDaemon(true);
            t.start();
        }
    }

    private void open(Endpoint endpoint) throws Exception {
        URI uri = endpoint.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = "wss".equals(scheme);
        if (!tls && !"ws".equals(scheme)) {
            throw new IllegalArgumentException("not a websocket address: " + endpoint);
        }
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        SslContext ssl = null;
        if (tls) {
            ssl = config.getSslContext() != null
                    ? new JdkSslContext(config.getSslContext(), true, null,
                            IdentityCipherSuiteFilter.INSTANCE, null, ClientAuth.NONE, null, false)
                    : SslContextBuilder.forClient().build();
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        endpoint.headers().forEach(headers::add);
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .maxFramePayloadLength(config.getMaxFrameSize())
                .handshakeTimeoutMillis(config.getConnectTimeout().toMillis())
                .dropPongFrames(false)
                .allowExtensions(true)
                // the listener decodes the text anyway (and JSON parsers reject bad UTF-8): skip Netty's extra pass
                .withUTF8Validator(false)
                .handleCloseFrames(false)
                .build();
        SslContext sslContext = ssl;
        String id = Integer.toString(connectionSeq.incrementAndGet());
        long heartbeatMillis = config.getHeartbeatInterval() == null ? 0 : config.getHeartbeatInterval().toMillis();
        Handler handler = new Handler(id, endpoint);

        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.getConnectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, HEAP_BUFFERS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (config.getProxyHost() != null && !config.getProxyHost().isBlank()) {
                            InetSocketAddress proxy = new InetSocketAddress(config.getProxyHost(),
                                    config.getProxyPort());
                            p.addLast("proxy", config.getProxyUsername() != null
                                    ? new HttpProxyHandler(proxy, config.getProxyUsername(),
                                            config.getProxyPassword() == null ? "" : config.getProxyPassword())
                                    : new HttpProxyHandler(proxy));
                        }
                        if (sslContext != null) {
                            SSLEngine engine = sslContext.newEngine(ch.alloc(), host, port);
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
                            // the JDK's AES-GCM authenticates a heap buffer on its intrinsic, a direct one in Java
                            p.addLast("heap", new HeapCopy());
                            p.addLast("ssl", new SslHandler(engine));
                        }
                        // acks are written from worker threads: batch their flushes into fewer TLS records and syscalls
                        p.addLast("flush", new FlushConsolidationHandler(256, true));
                        if (heartbeatMillis > 0) {
                            // before the codecs, so that any bytes read (pongs included) count as life
                            p.addLast("idle", newIdleHandler(heartbeatMillis));
                        }
                        p.addLast("http", new HttpClientCodec());
                        p.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
                        p.addLast("refusal", new RefusalReader(handler));
                        p.addLast("compression", new WebSocketClientCompressionHandler(config.getMaxFrameSize()));
                        p.addLast("ws", new WebSocketClientProtocolHandler(wsConfig));
                        p.addLast("fragments", new WebSocketFrameAggregator(config.getMaxFrameSize()));
                        p.addLast("session", handler);
                    }
                });
        // through a proxy, the target stays unresolved: the proxy resolves it
        ChannelFuture f = config.getProxyHost() != null && !config.getProxyHost().isBlank()
                ? bootstrap.connect(InetSocketAddress.createUnresolved(host, port))
                : bootstrap.connect(host, port);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                connecting = false;
                attemptFailed("connecting to " + endpoint + " failed: " + describe(done.cause()));
            }
        });
    }

    private void attemptFailed(String error) {
        if (halted) {
            return;
        }
        lastError = error;
        if (state == State.STOPPED) {
            return;
        }
        int attempts = ++failedAttempts;
        state = attempts >= config.getFailureThreshold() ? State.FAILED : State.RECONNECTING;
        Duration delay = backoff(attempts);
        LOG.warn("{}: {} (attempt {}); retrying in {} ms", config.getName(), error, attempts, delay.toMillis());
        scheduleConnect(delay);
    }

    Duration backoff(int attempt) {
        return Backoff.delay(config.getReconnectDelay(), config.getMaxReconnectDelay(), attempt);
    }

    private Duration firstReconnectJitter() {
        Duration jitter = config.getFirstReconnectJitter();
        long max = jitter == null ? 0 : jitter.toMillis();
        return max <= 0 ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(max + 1));
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg != null ? ": " + msg : "");
    }

    // ---------------------------------------------------------------- per-connection handler

    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final String id;
        private final Endpoint endpoint;
        private WebSocketConnection connection;
        private int closeStatus = 1006;
        private String closeReason = "connection lost";
        private int refusedStatus;
        private String refusedBody;

        Handler(String id, Endpoint endpoint) {
            this.id = id;
            this.endpoint = endpoint;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                // Netty puts the frame encoder after the decoder, so the close frame (1009, 1002) the decoder writes on
                // a bad frame would bypass it: move a fresh encoder in front of the decoder
                ChannelPipeline pipeline = ctx.pipeline();
                if (pipeline.get("ws-encoder") != null && pipeline.get("ws-decoder") != null) {
                    pipeline.remove("ws-encoder");
                    pipeline.addBefore("ws-decoder", "ws-encoder", new WebSocket13FrameEncoder(true));
                }
                if (pipeline.get("refusal") != null) {
                    pipeline.remove("refusal");
                }
                connection = new WebSocketConnection(id, ctx.channel());
                connections.add(connection);
                WebSocketConnection previous = current;
                current = connection;
                connecting = false;
                failedAttempts = 0;
                lastError = null;
                lastConnectedAt = Instant.now();
                connects.incrementAndGet();
                if (!reads()) {
                    ctx.channel().config().setAutoRead(false);
                }
                state = State.CONNECTED;
                LOG.info("{}: connected to {} ({})", config.getName(), endpoint, connection);
                if (previous != null && previous != connection) {
                    previous.markDraining();
                }
                listener.onOpen(connection);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                closeReason = "handshake timed out";
            } else if (evt instanceof IdleStateEvent idle && connection != null) {
                if (idle.state() == IdleState.ALL_IDLE) {
                    listener.onHeartbeat(connection);
                } else if (idle.state() == IdleState.READER_IDLE && reads()) {
                    LOG.warn("{}: nothing received on {} for {} ms; replacing the connection", config.getName(),
                            connection,
                            config.getHeartbeatInterval().toMillis() * 5 / 2);
                    closeReason = "heartbeat missed";
                    ctx.close();
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (connection == null) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                framesReceived.incrementAndGet();
                listener.onText(connection, text.text());
            } else if (frame instanceof BinaryWebSocketFrame bin) {
                framesReceived.incrementAndGet();
                ByteBuf content = bin.content();
                listener.onBinary(connection, ByteBufUtil.getBytes(content));
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeStatus = close.statusCode();
                closeReason = close.reasonText();
                LOG.info("{}: server closed {} with {} {}", config.getName(), connection, closeStatus, closeReason);
                connection.close(closeStatus == -1 ? 1000 : closeStatus, "closing");
            }
            // pongs: their arrival already counted as life for the idle handler
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof CorruptedWebSocketFrameException c) {
                closeStatus = c.closeStatus().code();
                closeReason = c.getMessage();
                LOG.warn("{}: bad frame on {}: {}; reconnecting", config.getName(), connection, c.getMessage());
            } else if (cause instanceof WebSocketClientHandshakeException h) {
                closeReason = "handshake refused: " + h.getMessage();
            } else {
                closeReason = describe(cause);
                LOG.debug("{}: error on {}: {}", config.getName(), connection, closeReason);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            super.channelInactive(ctx);
            if (connection == null) {
                // never got past the handshake
                connecting = false;
                if (refusedStatus > 0) {
                    try {
                        listener.onHandshakeRefused(refusedStatus, refusedBody);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: listener failed on a refused handshake: {}", config.getName(), describe(e));
                    }
                }
                attemptFailed("websocket handshake with " + endpoint + " failed: " + closeReason);
                return;
            }
            connections.remove(connection);
            listener.onClose(connection, closeStatus, closeReason);
            if (state == State.STOPPED) {
                return;
            }
            if (connection == current && halted) {
                current = null;
                return;
            }
            if (connection == current) {
                current = null;
                lastError = "connection closed: " + closeStatus + " " + closeReason;
                state = State.RECONNECTING;
                LOG.warn("{}: {} closed ({} {}); reconnecting", config.getName(), connection, closeStatus, closeReason);
                failedAttempts = 0;
                scheduleConnect(backoff(1).plus(firstReconnectJitter()));
            }
        }
    }

    /**
     * Copies what the socket read (into a direct buffer: Netty reads sockets into direct buffers whatever the
     * allocator) into a heap buffer, for the TLS engine to decrypt from an array.
     */
    private static final class HeapCopy extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf in && in.isDirect()) {
                ByteBuf copy = ctx.alloc().heapBuffer(in.readableBytes());
                try {
                    copy.writeBytes(in);
                } catch (RuntimeException e) {
                    copy.release();
                    throw e;
                } finally {
                    in.release();
                }
                ctx.fireChannelRead(copy);
                return;
            }
            super.channelRead(ctx, msg);
        }
    }

    /** Notes the status and body of a handshake answer that is not the upgrade, then passes it on to the handshaker. */
    private static final class RefusalReader extends ChannelInboundHandlerAdapter {
        private static final int MAX_BODY = 4096;
        private final Handler handler;

        RefusalReader(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof FullHttpResponse r && r.status().code() != 101) {
                ByteBuf body = r.content();
                handler.refusedStatus = r.status().code();
                handler.refusedBody = body.toString(body.readerIndex(), Math.min(MAX_BODY, body.readableBytes()),
                        StandardCharsets.UTF_8);
            }
            super.channelRead(ctx, msg);
        }
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + config.getName() + " " + state + "]";
    }
}
