package io.camelchat.common.consumer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.common.ChatConfiguration;
import io.camelchat.common.ChatStreamWebhookConfiguration;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.common.metrics.ChatMetrics;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketListener;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.netty.channel.ChannelFuture;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.HealthCheckComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the {@code <platform>:stream} consumers: a websocket to the platform's gateway, kept open with reconnects
 * and heartbeats by a {@link WebSocketSession} built from the shared options (reconnect delays, frame size, in-flight
 * limit, proxy, TLS; the subclass sets the heartbeat in {@link #configure}), a pool of {@code concurrentConsumers} workers, suspend and resume, a health check and
 * the accounting of unreadable frames.
 * <p>
 * The platform's subclass reads the gateway's control frames itself (pings, pongs, disconnect requests) and hands each
 * data frame to {@link #dispatch}. On a worker, {@link #read} turns the frame into a {@link ChatEvent}; the event is
 * routed, and {@link #acknowledgement} encodes the platform's answer when the exchange's <b>unit of work</b> completed
 * (a {@link org.apache.camel.spi.Synchronization} on the exchange, handed over with it to {@code seda:} or
 * {@code threads}), so a route that hands the exchange on acknowledges when that work is done, and a failed exchange
 * is never acknowledged as success. Events that expect an answer are routed {@code InOut}.
 * <p>
 * <b>Suspending and stopping drain the answers.</b> A suspending or stopping consumer first takes no further frames:
 * reading from the socket is held, and a data frame read meanwhile (or still waiting for a worker, unless the route's
 * {@code shutdownRunningTask} is {@code CompleteAllTasks}) is not routed and stays unanswered, so the platform delivers
 * it again ({@link #notRouted}). The connection stays open until every frame taken was answered (the answer written to
 * the socket), and closes then. As a {@link ShutdownAware} consumer it reports those frames as pending exchanges, so
 * Camel's graceful shutdown (stopping or suspending a route, stopping the context) waits for them within its timeout;
 * a stop that does not go through it waits as long as the context's shutdown timeout at most, and a forced shutdown
 * (the timeout passed) closes at once, leaving the rest unanswered for the platform to deliver again.
 *
 * @param <F> what the subclass passes from the I/O thread to the worker for one data frame
 */
public abstract class ChatStreamConsumer<F> extends DefaultConsumer
        implements Suspendable, ShutdownAware, ChatConsumerState {

    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamConsumer.class);

    private final String platform;
    private final String label;
    private final ChatConfiguration config;
    private final StreamSettings settings;
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final AtomicLong notRouted = new AtomicLong();
    /** Guards the changes of {@link #taking} and the close of a drained session; waited on while draining. */
    private final Object drain = new Object();
    private volatile boolean taking;
    private volatile boolean forced;
    private volatile ShutdownRunningTask runningTask = ShutdownRunningTask.CompleteCurrentTaskOnly;
    private final Arrivals arrivals = new Arrivals();
    private volatile String lastBadFrame;
    private ChatMetrics metrics = ChatMetrics.NONE;
    private WebSocketSessionConfig sessionConfig;
    private volatile WebSocketSession session;
    private volatile ExecutorService workers;
    private volatile ExecutorService[] lanes;
    private ExecutorService ioThreads;

    /**
     * @param platform the scheme, e.g. {@code dingtalk} (names threads, sessions and the health check)
     * @param label    how log lines name the consumer, e.g. {@code DingTalk Stream}
     */
    protected ChatStreamConsumer(Endpoint endpoint, Processor processor, String platform, String label,
                                 ChatStreamWebhookConfiguration config) {
        this(endpoint, processor, platform, label, config,
                new StreamSettings(config.getReconnectDelay(), config.getMaxReconnectDelay(), config.getMaxInFlight(),
                        config.getMaxFrameSize(), config.getConcurrentConsumers(), config.isUsingExecutorService()));
    }

    /**
     * For a platform whose configuration declares the stream options itself (no webhook): the connection options
     * (timeouts, proxy, TLS) come from {@code config}, the stream's from {@code settings}.
     */
    protected ChatStreamConsumer(Endpoint endpoint, Processor processor, String platform, String label,
                                 ChatConfiguration config, StreamSettings settings) {
        super(endpoint, processor);
        this.platform = platform;
        this.label = label;
        this.config = config;
        this.settings = settings;
    }

    /** The stream options of a consumer whose configuration is not a {@link ChatStreamWebhookConfiguration}. */
    public record StreamSettings(long reconnectDelay, long maxReconnectDelay, int maxInFlight, int maxFrameSize,
            int concurrentConsumers, boolean usingExecutorService) {
    }

    // ------------------------------------------------------------------ what a platform provides

    /** The address of the next connection (called before every connect, on an I/O thread). */
    protected abstract WebSocketSession.Endpoint resolve() throws Exception;

    /** A text message from the gateway. */
    protected void onText(WebSocketConnection connection, String text) {
        LOG.debug("{}: text message of {} chars ignored", label, text.length());
    }

    /** A binary message from the gateway. */
    protected void onBinary(WebSocketConnection connection, byte[] data) {
        LOG.debug("{}: binary message of {} bytes ignored", label, data.length);
    }

    /** A connection opened. */
    protected void onOpen(WebSocketConnection connection) {
    }

    /** A connection closed. */
    protected void onClose(WebSocketConnection connection, int statusCode, String reason) {
    }

    /**
     * The gateway answered the handshake with an HTTP response instead of the upgrade (see
     * {@link WebSocketListener#onHandshakeRefused}); the session retries with back-off unless this halts it.
     */
    protected void onHandshakeRefused(int status, String body) {
    }

    /** Time for a heartbeat on {@code connection}; the default sends a websocket ping. */
    protected void onHeartbeat(WebSocketConnection connection) {
        connection.ping();
    }

    /**
     * Reads a data frame into the event to route, on a worker thread. Returns null when nothing is to be routed (the
     * subclass answered the frame itself, or leaves it unanswered on purpose); a runtime exception counts the frame as
     * bad and leaves it unanswered, so that the platform delivers it again.
     */
    protected abstract ChatEvent read(WebSocketConnection connection, F frame) throws Exception;

    /**
     * The platform's answer to a routed frame ({@code String} for a text frame, {@code byte[]} for a binary one), or
     * null for none. Called once the exchange's unit of work completed: {@code completed} false when it failed.
     */
    protected abstract Object acknowledgement(F frame, ChatEvent event, Exchange exchange, boolean completed);

    /** Adjusts the session's settings before it starts: the heartbeat (platforms set theirs differently), etc. */
    protected void configure(WebSocketSessionConfig sessionConfig) {
    }

    /**
     * Whether frames are routed in lanes ({@link #lane}): {@code concurrentConsumers} single-thread lanes instead of
     * one pool, so that the frames of one lane are routed one after the other in the order dispatched.
     */
    protected boolean routesInLanes() {
        return false;
    }

    /** The lane of a frame when {@link #routesInLanes}, e.g. its conversation; null for the first lane. */
    protected Object lane(F frame) {
        return null;
    }

    /** Adds the platform's counters to the health check's details. */
    protected void healthDetails(Map<String, Object> details) {
    }

    /** Whether the stream can start; throw with a clear message when an option is missing. */
    protected void validate() {
    }

    /**
     * A data frame handed to {@link #dispatch} that is not routed because the consumer is suspending or stopping: it
     * stays unanswered (the platform delivers it again). Release here what was set aside for it before
     * {@link #dispatch} (permits, batch counts, positions begun), as for a failed exchange.
     */
    protected void notRouted(F frame) {
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        validate();
        String name = getRouteId() != null ? getRouteId() : "stream";
        if (!settings.usingExecutorService()) {
            workers = null; // routed on the thread that read the frame (see dispatch)
        } else if (routesInLanes()) {
            ExecutorService[] l = new ExecutorService[Math.max(1, settings.concurrentConsumers())];
            for (int i = 0; i < l.length; i++) {
                l[i] = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this,
                        threadName(label) + "Lane" + i);
            }
            lanes = l;
            workers = l[0];
        } else {
            workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, threadName(label), Math.max(1, settings.concurrentConsumers()));
        }
        ioThreads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newCachedThreadPool(this, threadName(label) + "IO");
        sessionConfig = new WebSocketSessionConfig()
                .setName(platform + "-" + name)
                .setReconnectDelay(Duration.ofMillis(Math.max(1, settings.reconnectDelay())))
                .setMaxReconnectDelay(
                        Duration.ofMillis(Math.max(settings.reconnectDelay(), settings.maxReconnectDelay())))
                .setConnectTimeout(Duration.ofMillis(config.getConnectTimeout()))
                .setMaxInFlight(Math.max(1, settings.maxInFlight()))
                .setMaxFrameSize(settings.maxFrameSize())
                .setExecutor(ioThreads);
        if (config.getProxyHost() != null && !config.getProxyHost().isBlank()) {
            sessionConfig.setProxy(config.getProxyHost(), config.getProxyPort() == null ? 8080 : config.getProxyPort(),
                    config.getProxyUsername(), config.getProxyPassword());
        }
        if (config.getSslContextParameters() != null) {
            sessionConfig
                    .setSslContext(config.getSslContextParameters().createSSLContext(getEndpoint().getCamelContext()));
        }
        configure(sessionConfig);
        session = new WebSocketSession(sessionConfig, this::resolve, new Listener());
        metrics = ChatMetrics.of(getEndpoint().getCamelContext(), platform, "routeId", name);
        metrics.countFunction("camelchat.consumer.connects", "Connections opened (the first and each reconnect)", this,
                c -> c.session == null ? 0 : c.session.getConnectCount());
        boolean healthEnabled = !(getEndpoint().getComponent() instanceof HealthCheckComponent hc)
                || hc.isHealthCheckConsumerEnabled();
        ChatConsumerHealthCheck.install(this, platform, healthEnabled, this::healthStatus);
        forced = false;
        runningTask = ShutdownRunningTask.CompleteCurrentTaskOnly;
        synchronized (drain) {
            taking = true;
        }
        session.start();
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (drain) {
            taking = false;
        }
        WebSocketSession s = session;
        if (s != null) {
            s.holdReading(true);
            awaitDrained(s);
            s.stop();
            session = null;
        }
        ExecutorService[] l = lanes;
        if (l != null) {
            for (ExecutorService lane : l) {
                getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(lane);
            }
            lanes = null;
            workers = null;
        }
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
        if (ioThreads != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(ioThreads);
            ioThreads = null;
        }
        super.doStop();
    }

    /**
     * Takes no further frames and holds reading; the connection closes once the frames taken were answered (at once
     * when none is in flight). Returns at once: Camel's graceful shutdown waits for the pending answers
     * ({@link #getPendingExchangesSize}). The platform delivers what was not answered after {@link #doResume}.
     */
    @Override
    protected void doSuspend() throws Exception {
        synchronized (drain) {
            taking = false;
        }
        WebSocketSession s = session;
        if (s != null) {
            s.holdReading(true);
            int n = s.getInFlight();
            if (n > 0) {
                LOG.info("{}: suspending; the connection closes once the {} event(s) in flight are answered", label, n);
            }
            closeIfDrained(s);
        }
    }

    /** Takes frames again: a new connection when the drained one was closed, else reading resumes on it. */
    @Override
    protected void doResume() throws Exception {
        synchronized (drain) {
            taking = true;
            WebSocketSession s = session;
            if (s != null) {
                if (s.getState() == WebSocketSession.State.STOPPED) {
                    s.start();
                } else {
                    s.holdReading(false);
                }
            }
        }
    }

    /** Never deferred: the consumer suspends first (taking no further frames), then drains. */
    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        runningTask = shutdownRunningTask == null ? ShutdownRunningTask.CompleteCurrentTaskOnly : shutdownRunningTask;
        return false;
    }

    /**
     * The frames taken and not answered yet (Camel adds them to the route's in-flight exchanges, so those being
     * routed count twice in its log line): graceful shutdown waits until their answers were written.
     */
    @Override
    public int getPendingExchangesSize() {
        WebSocketSession s = session;
        return s == null ? 0 : Math.max(0, s.getInFlight());
    }

    /** Called once graceful shutdown waited: a forced one (its timeout passed) closes without waiting further. */
    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        if (forced) {
            this.forced = true;
            WebSocketSession s = session;
            if (s != null && suspendOnly) {
                synchronized (drain) {
                    if (!taking) {
                        s.beginStop();
                    }
                }
            }
        }
    }

    /**
     * Waits until the frames taken were answered: as long as the context's shutdown timeout at most, not at all after a
     * forced shutdown.
     */
    private void awaitDrained(WebSocketSession s) {
        ShutdownStrategy strategy = getEndpoint().getCamelContext().getShutdownStrategy();
        if (s.getInFlight() <= 0 || forced || strategy.isForceShutdown() || strategy.hasTimeoutOccurred()) {
            logUnanswered(s);
            return;
        }
        long timeout = strategy.getTimeUnit().toNanos(strategy.getTimeout());
        long deadline = System.nanoTime() + timeout;
        LOG.info("{}: stopping; waiting for the answers of {} event(s) in flight", label, s.getInFlight());
        synchronized (drain) {
            while (s.getInFlight() > 0) {
                long left = deadline - System.nanoTime();
                if (timeout > 0 && left <= 0) {
                    break;
                }
                try {
                    drain.wait(timeout > 0 ? Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)) : 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        logUnanswered(s);
    }

    private void logUnanswered(WebSocketSession s) {
        int n = s.getInFlight();
        if (n > 0) {
            LOG.warn("{}: closing with {} event(s) in flight unanswered; the platform delivers them again", label, n);
        }
    }

    /** Closes the connection of a consumer that takes no further frames once none is in flight. */
    private void closeIfDrained(WebSocketSession s) {
        if (taking || s.getInFlight() > 0) {
            return;
        }
        synchronized (drain) {
            if (taking || s.getInFlight() > 0) {
                return;
            }
            drain.notifyAll();
            if (isSuspending() || isSuspended()) {
                s.beginStop();
            }
        }
    }

    /** The consumer's health: the session's state with the counters. */
    protected ChatConsumerHealthCheck.Status healthStatus() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("routed", routed.get());
        details.put("failed", failed.get());
        details.put("badFrames", badFrames.get());
        details.put("notRouted", notRouted.get());
        healthDetails(details);
        return ChatConsumerHealthCheck.ofSession(session, details);
    }

    // ------------------------------------------------------------------ frames

    private final class Listener implements WebSocketListener {
        @Override
        public void onOpen(WebSocketConnection connection) {
            ChatStreamConsumer.this.onOpen(connection);
        }

        @Override
        public void onText(WebSocketConnection connection, String text) {
            ChatStreamConsumer.this.onText(connection, text);
        }

        @Override
        public void onBinary(WebSocketConnection connection, byte[] data) {
            ChatStreamConsumer.this.onBinary(connection, data);
        }

        @Override
        public void onClose(WebSocketConnection connection, int statusCode, String reason) {
            ChatStreamConsumer.this.onClose(connection, statusCode, reason);
        }

        @Override
        public void onHeartbeat(WebSocketConnection connection) {
            ChatStreamConsumer.this.onHeartbeat(connection);
        }

        @Override
        public void onHandshakeRefused(int status, String body) {
            ChatStreamConsumer.this.onHandshakeRefused(status, body);
        }
    }

    /** Counts and logs a frame that cannot be used. */
    protected void badFrame(String what) {
        badFrames.incrementAndGet();
        lastBadFrame = what;
        LOG.warn("{}: {}", label, what);
    }

    /**
     * Routes a data frame on a worker (on the calling thread when {@code usingExecutorService} is false):
     * {@link #read}, then the exchange, then the {@link #acknowledgement} when its unit of work completed. Counts
     * toward {@code maxInFlight} until then.
     */
    protected void dispatch(WebSocketConnection connection, F frame, String frameId) {
        WebSocketSession s = session;
        boolean inline = !settings.usingExecutorService();
        ExecutorService pool = workers;
        ExecutorService[] l = lanes;
        if (l != null) {
            Object lane = lane(frame);
            pool = l[lane == null ? 0 : Math.floorMod(lane.hashCode(), l.length)];
        }
        if (s == null || (pool == null && !inline)) {
            skip(frame, frameId); // stopped: the frame stays unacknowledged and the platform delivers it again
            return;
        }
        s.eventStarted();
        if (!taking) {
            skip(frame, frameId);
            finished();
            return;
        }
        if (inline) {
            handle(connection, frame, frameId);
            return;
        }
        try {
            pool.execute(() -> handle(connection, frame, frameId));
        } catch (RejectedExecutionException e) {
            // stopping: the frame stays unacknowledged and the platform delivers it again
            skip(frame, frameId);
            finished();
        }
    }

    private void skip(F frame, String frameId) {
        notRouted.incrementAndGet();
        LOG.debug("{}: frame {} not routed (the consumer is suspending or stopping); the platform delivers it again",
                label, frameId);
        try {
            notRouted(frame);
        } catch (RuntimeException e) {
            LOG.warn("{}: releasing frame {} failed: {}", label, frameId, e.getMessage());
        }
    }

    private void handle(WebSocketConnection connection, F frame, String frameId) {
        if (!taking && runningTask != ShutdownRunningTask.CompleteAllTasks) {
            // waited for a worker while the consumer began to suspend or stop: left for the platform to deliver again
            skip(frame, frameId);
            finished();
            return;
        }
        ChatEvent event;
        try {
            event = read(connection, frame);
        } catch (Exception e) {
            badFrame("frame " + frameId + " could not be read (" + e.getMessage() + "); not answered");
            finished();
            return;
        }
        if (event == null) {
            finished();
            return;
        }
        received(event);
        Exchange exchange;
        try {
            exchange = ChatExchanges.create(this, event);
        } catch (RuntimeException e) {
            badFrame("event of frame " + frameId + " could not be read (" + e.getMessage() + "); not answered");
            finished();
            return;
        }
        ChatExchanges.onUnitOfWorkDone(exchange, (done, completed) -> {
            ChannelFuture written = null;
            try {
                if (completed) {
                    routed.incrementAndGet();
                    metrics.acknowledged();
                } else {
                    failed.incrementAndGet();
                    metrics.failed();
                }
                written = write(connection, acknowledgement(frame, event, done, completed), frameId);
            } finally {
                if (written == null) {
                    finished();
                } else {
                    // in flight until the answer is on the socket: a draining consumer closes only after that
                    written.addListener(f -> finished());
                }
            }
        });
        getAsyncProcessor().process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing " + label + " frame " + frameId, exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        });
    }

    private void received(ChatEvent event) {
        arrivals.received(event, metrics);
    }

    /** Sends {@code ack} (a String or byte[]) on {@code connection} if it is still open; nothing for null. */
    protected void answer(WebSocketConnection connection, Object ack, String frameId) {
        write(connection, ack, frameId);
    }

    private ChannelFuture write(WebSocketConnection connection, Object ack, String frameId) {
        if (ack == null) {
            return null;
        }
        if (!connection.isOpen()) {
            LOG.debug("{}: {} closed before frame {} was answered; the platform delivers it again", label, connection,
                    frameId);
            return null;
        }
        return ack instanceof byte[] bytes ? connection.send(bytes) : connection.send(ack.toString());
    }

    private void finished() {
        WebSocketSession s = session;
        if (s != null) {
            s.eventFinished();
            if (!taking) {
                closeIfDrained(s);
            }
        }
    }

    // ------------------------------------------------------------------ for subclasses, tests and management

    /** A thread name from a label: {@code Lark long connection} gives {@code LarkLongConnection}. */
    static String threadName(String label) {
        StringBuilder out = new StringBuilder();
        for (String word : label.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            }
        }
        return out.toString();
    }

    /** The websocket session (for tests and management); null while stopped. */
    public WebSocketSession getSession() {
        return session;
    }

    /** The settings the session was built with. */
    protected WebSocketSessionConfig sessionConfig() {
        return sessionConfig;
    }

    public long getRoutedCount() {
        return routed.get();
    }

    public long getFailedCount() {
        return failed.get();
    }

    public long getBadFrameCount() {
        return badFrames.get();
    }

    /** Data frames left unanswered because the consumer was suspending or stopping (the platform delivers them again). */
    public long getNotRoutedCount() {
        return notRouted.get();
    }

    public String getLastBadFrame() {
        return lastBadFrame;
    }

    @Override
    public ChatConsumerHealthCheck.Status currentStatus() {
        return healthStatus();
    }

    @Override
    public long getLastEventAt() {
        return arrivals.lastAt();
    }
}
