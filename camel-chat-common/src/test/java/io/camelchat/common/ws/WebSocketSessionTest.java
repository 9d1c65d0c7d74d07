package io.camelchat.common.ws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import io.camelchat.simulator.common.ConnectProxy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebSocketSessionTest {

    record Closed(WebSocketConnection connection, int status, String reason, long atNanos) {
    }

    /** Records what the session reports; {@link #onTextHook} lets a test act on every text frame. */
    static final class RecordingListener implements WebSocketListener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<WebSocketConnection> opened = new CopyOnWriteArrayList<>();
        final List<Long> openedAtNanos = new CopyOnWriteArrayList<>();
        final List<Closed> closed = new CopyOnWriteArrayList<>();
        volatile BiConsumer<WebSocketConnection, String> onTextHook = (c, t) -> {
        };

        @Override
        public void onOpen(WebSocketConnection connection) {
            openedAtNanos.add(System.nanoTime());
            opened.add(connection);
        }

        @Override
        public void onText(WebSocketConnection connection, String text) {
            texts.add(text);
            onTextHook.accept(connection, text);
        }

        @Override
        public void onClose(WebSocketConnection connection, int statusCode, String reason) {
            closed.add(new Closed(connection, statusCode, reason, System.nanoTime()));
        }
    }

    private TestWebSocketServer server;
    private WebSocketSession session;
    private final RecordingListener listener = new RecordingListener();
    private final AtomicInteger resolves = new AtomicInteger();
    private final List<WebSocketSession.State> statesAtResolve = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private static ConditionFactory within5s() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10));
    }

    private WebSocketSessionConfig config() {
        return new WebSocketSessionConfig()
                .setName("test")
                .setReconnectDelay(Duration.ofMillis(50))
                .setMaxReconnectDelay(Duration.ofMillis(200))
                .setFailureThreshold(3)
                .setHeartbeatInterval(Duration.ZERO)
                .setConnectTimeout(Duration.ofSeconds(3));
    }

    /** Starts a session whose resolver hands out a new one-time ticket for every connection. */
    private WebSocketSession start(WebSocketSessionConfig config) {
        AtomicReference<WebSocketSession> self = new AtomicReference<>();
        session = new WebSocketSession(config, () -> {
            statesAtResolve.add(self.get().getState());
            int n = resolves.incrementAndGet();
            return new WebSocketSession.Endpoint(URI.create(server.uri("ticket=SECRET" + n)),
                    Map.of("Authorization", "Bearer app-token"));
        }, listener);
        self.set(session);
        session.start();
        return session;
    }

    private void awaitConnected(long connects) {
        within5s().until(() -> session.getState() == WebSocketSession.State.CONNECTED
                && session.getConnectCount() == connects && server.accepted.size() >= connects);
    }

    /** The server side of the n-th connection (1-based), once the server registered it. */
    private Channel serverSideOfNewest(int n) {
        within5s().until(() -> server.accepted.size() >= n);
        return server.accepted.get(n - 1);
    }

    /**
     * A resolver that fails is tried again however fast it fails: here the executor waits for it, so it fails before
     * the scheduled attempt that started it has returned (the way a quick worker thread can on a loaded machine).
     */
    @Test
    void aResolverThatFailsFastIsTriedAgain() throws Exception {
        server = new TestWebSocketServer();
        AtomicInteger attempts = new AtomicInteger();
        Executor waitingExecutor = task -> {
            Thread worker = new Thread(task, "resolver");
            worker.start();
            try {
                worker.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        session = new WebSocketSession(config().setExecutor(waitingExecutor), () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("platform refused the registration");
            }
            return WebSocketSession.Endpoint.of(URI.create(server.uri("ticket=t")));
        }, listener);
        session.start();
        within5s().until(() -> session.getState() == WebSocketSession.State.CONNECTED);
        assertThat(attempts.get()).isEqualTo(3);
    }

    /**
     * Frames sent from many threads at once (the workers' answers share the outbox and its flushes) all arrive, each
     * thread's in the order it sent them, and each sender's future completes.
     */
    @Test
    void framesSentFromManyThreadsAtOnceAllArriveInEachThreadsOrder() throws Exception {
        server = new TestWebSocketServer();
        start(config());
        awaitConnected(1);
        WebSocketConnection connection = session.getCurrentConnection();
        int threads = 8;
        int perThread = 500;
        List<ChannelFuture> futures = new CopyOnWriteArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    futures.add(connection.send(thread + ":" + i));
                }
            }));
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        within5s().until(() -> server.texts.size() == threads * perThread);
        int[] next = new int[threads];
        for (String text : server.texts) {
            int thread = Integer.parseInt(text.substring(0, text.indexOf(':')));
            assertThat(Integer.parseInt(text.substring(text.indexOf(':') + 1))).isEqualTo(next[thread]++);
        }
        within5s().until(() -> futures.stream().allMatch(f -> f.isDone()));
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
    }

    @Test
    void connectsAndExchangesTextBothWays() throws Exception {
        server = new TestWebSocketServer();
        start(config());
        awaitConnected(1);
        Channel serverSide = serverSideOfNewest(1);

        WebSocketConnection connection = session.getCurrentConnection();
        assertThat(connection.isOpen()).isTrue();
        connection.send("hello server");
        within5s().until(() -> server.texts.contains("hello server"));

        server.send(serverSide, "hello client");
        within5s().until(() -> listener.texts.contains("hello client"));
        assertThat(session.getFramesReceived()).isEqualTo(1);
        assertThat(listener.opened).containsExactly(connection);

        // the resolved ticket and headers reached the server; logs name the endpoint without its query
        assertThat(server.handshakeUris).containsExactly("/ws?ticket=SECRET1");
        assertThat(server.handshakeAuthorizations).containsExactly("Bearer app-token");
        assertThat(WebSocketSession.Endpoint.of(URI.create(server.uri("ticket=SECRET1"))).toString())
                .isEqualTo("ws://127.0.0.1:" + server.port() + "/ws");
        assertThat(session.getLastConnectedAt()).isNotNull();
    }

    @Test
    void tunnelsThroughAnAuthenticatingHttpProxy() throws Exception {
        server = new TestWebSocketServer();
        try (ConnectProxy proxy = new ConnectProxy("proxyuser", "proxypass")) {
            start(config().setProxy("127.0.0.1", proxy.port(), "proxyuser", "proxypass"));
            awaitConnected(1);
            session.getCurrentConnection().send("through the proxy");
            within5s().until(() -> server.texts.contains("through the proxy"));
            assertThat(proxy.targets()).containsExactly("127.0.0.1:" + server.port());
        }
    }

    @Test
    void wrongProxyCredentialsFailTheAttemptWithoutLeakingThem() throws Exception {
        server = new TestWebSocketServer();
        try (ConnectProxy proxy = new ConnectProxy("proxyuser", "proxypass")) {
            start(config().setProxy("127.0.0.1", proxy.port(), "proxyuser", "wrong-pass"));
            within5s().until(() -> session.getState() == WebSocketSession.State.FAILED);
            assertThat(proxy.refused()).isNotEmpty();
            assertThat(session.getLastError()).contains("407").doesNotContain("wrong-pass");
            assertThat(server.handshakeUris).isEmpty();
        }
    }

    @Test
    void reconnectsWithAFreshlyResolvedEndpointWhenTheServerDropsTheSocket() throws Exception {
        server = new TestWebSocketServer();
        start(config());
        awaitConnected(1);
        WebSocketConnection first = session.getCurrentConnection();

        server.dropAbruptly(serverSideOfNewest(1));

        within5s()
                .until(() -> session.getConnectCount() == 2 && session.getState() == WebSocketSession.State.CONNECTED);
        assertThat(resolves).hasValue(2);
        assertThat(server.handshakeUris).containsExactly("/ws?ticket=SECRET1", "/ws?ticket=SECRET2");
        assertThat(listener.closed).hasSize(1);
        assertThat(listener.closed.get(0).connection()).isSameAs(first);
        assertThat(listener.closed.get(0).status()).isEqualTo(1006);
        assertThat(session.getCurrentConnection()).isNotSameAs(first);
        assertThat(statesAtResolve).containsExactly(WebSocketSession.State.CONNECTING,
                WebSocketSession.State.RECONNECTING);

        // the new connection works
        server.send(serverSideOfNewest(2), "on the new one");
        within5s().until(() -> listener.texts.contains("on the new one"));
    }

    @Test
    void refusedUpgradesLeadToFailedThenRecover() throws Exception {
        server = new TestWebSocketServer();
        server.refuseUpgrade = true;
        start(config());

        within5s().until(() -> session.getState() == WebSocketSession.State.FAILED);
        assertThat(statesAtResolve.subList(0, 3)).containsExactly(WebSocketSession.State.CONNECTING,
                WebSocketSession.State.RECONNECTING, WebSocketSession.State.RECONNECTING);
        assertThat(session.getFailedAttempts()).isGreaterThanOrEqualTo(3);
        assertThat(server.upgradesRefused.get()).isGreaterThanOrEqualTo(3);
        assertThat(session.getLastError()).contains("401").doesNotContain("SECRET");
        assertThat(session.getConnectCount()).isZero();

        server.refuseUpgrade = false;
        within5s().until(() -> session.getState() == WebSocketSession.State.CONNECTED);
        assertThat(session.getFailedAttempts()).isZero();
        assertThat(session.getLastError()).isNull();
        assertThat(session.getConnectCount()).isEqualTo(1);
    }

    /** The body of a refused handshake reaches the listener, which may halt the session: no further attempt. */
    @Test
    void aRefusedHandshakesBodyReachesTheListenerWhichMayHaltTheSession() throws Exception {
        server = new TestWebSocketServer();
        server.refuseUpgrade = true;
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicReference<WebSocketSession> self = new AtomicReference<>();
        session = new WebSocketSession(config(), () -> WebSocketSession.Endpoint.of(URI.create(server.uri("t=1"))),
                new WebSocketListener() {
                    @Override
                    public void onText(WebSocketConnection connection, String text) {
                    }

                    @Override
                    public void onHandshakeRefused(int status, String body) {
                        bodies.add(status + " " + body);
                        self.get().halt("refused for good: " + status);
                    }
                });
        self.set(session);
        session.start();
        within5s().until(() -> session.isHalted());
        assertThat(bodies).containsExactly("401 ticket refused");
        assertThat(session.getState()).isEqualTo(WebSocketSession.State.FAILED);
        assertThat(session.getLastError()).isEqualTo("refused for good: 401");
        int refused = server.upgradesRefused.get();
        server.refuseUpgrade = false;
        // halted: the back-off delay (50 to 200 ms) passes several times over and nothing is tried
        Thread.sleep(600);
        assertThat(server.upgradesRefused.get()).isEqualTo(refused);
        assertThat(server.accepted).isEmpty();
        assertThat(session.getState()).isEqualTo(WebSocketSession.State.FAILED);
        // stop and start begin again
        session.stop();
        session.start();
        within5s().until(() -> session.getState() == WebSocketSession.State.CONNECTED);
        assertThat(session.isHalted()).isFalse();
    }

    @Test
    void sendsHeartbeatPingsAndKeepsAConnectionThatAnswers() throws Exception {
        server = new TestWebSocketServer();
        start(config().setHeartbeatInterval(Duration.ofMillis(200)));
        awaitConnected(1);

        // three pings span 3 intervals, more than the 2.5 after which a silent connection is replaced
        within5s().until(() -> server.pings.get() >= 3);
        assertThat(session.getConnectCount()).isEqualTo(1);
        assertThat(listener.closed).isEmpty();
        assertThat(server.open).hasSize(1);
    }

    @Test
    void replacesAConnectionThatStaysSilent() throws Exception {
        server = new TestWebSocketServer();
        server.answerPings = false;
        start(config().setHeartbeatInterval(Duration.ofMillis(200)));
        awaitConnected(1);

        within5s().until(() -> session.getConnectCount() >= 2);
        assertThat(server.pings.get()).isGreaterThanOrEqualTo(1);
        Closed closed = listener.closed.get(0);
        assertThat(closed.reason()).isEqualTo("heartbeat missed");
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(closed.atNanos() - listener.openedAtNanos.get(0));
        assertThat(silentMillis).as("replaced only after about 2.5 heartbeat intervals").isGreaterThanOrEqualTo(400);
    }

    @Test
    void oversizeFrameReplacesTheConnection() throws Exception {
        server = new TestWebSocketServer();
        start(config().setMaxFrameSize(1024));
        awaitConnected(1);

        server.send(serverSideOfNewest(1), "x".repeat(5000));

        within5s()
                .until(() -> session.getConnectCount() == 2 && session.getState() == WebSocketSession.State.CONNECTED);
        assertThat(listener.closed.get(0).status()).isEqualTo(1009);

        server.send(serverSideOfNewest(2), "after");
        within5s().until(() -> listener.texts.contains("after"));
        assertThat(listener.texts).containsExactly("after");
    }

    @Test
    void oversizeFrameIsAnnouncedToTheServerWith1009() throws Exception {
        // WebSocketSessionConfig#setMaxFrameSize: "a larger one closes the connection with 1009"
        server = new TestWebSocketServer();
        start(config().setMaxFrameSize(1024));
        awaitConnected(1);

        server.send(serverSideOfNewest(1), "x".repeat(5000));

        within5s().until(() -> session.getConnectCount() == 2);
        within5s().until(() -> !serverSideOfNewest(1).isActive());
        assertThat(server.closeCodes).as("close frames the server received").contains(1009);
    }

    @Test
    void compressedMessagesAreDelivered() throws Exception {
        // the client offers permessage-deflate; a server that accepts it sends compressed frames (RSV1 set)
        server = new TestWebSocketServer(true);
        start(config());
        awaitConnected(1);

        server.send(serverSideOfNewest(1), "hello compressed " + "y".repeat(200));

        within5s().until(() -> !listener.texts.isEmpty() || !listener.closed.isEmpty());
        assertThat(listener.closed).as("connections closed").extracting(Closed::reason).isEmpty();
        assertThat(listener.texts).containsExactly("hello compressed " + "y".repeat(200));
    }

    @Test
    void oversizeCompressedMessageIsRefusedToo() throws Exception {
        // 100 kB of 'x' travel in a deflated frame of a few hundred bytes, below the 1024-byte frame limit
        server = new TestWebSocketServer(true);
        start(config().setMaxFrameSize(1024));
        awaitConnected(1);

        server.send(serverSideOfNewest(1), "x".repeat(100_000));
        within5s().until(() -> session.getConnectCount() == 2 || !listener.texts.isEmpty());
        assertThat(listener.texts).as("a message larger than maxFrameSize must not be delivered").isEmpty();

        server.send(serverSideOfNewest(2), "small");
        within5s().until(() -> listener.texts.contains("small") || session.getConnectCount() > 2);
        assertThat(listener.texts).containsExactly("small");
    }

    @Test
    void pausesReadingWhileTooManyEventsAreInFlight() throws Exception {
        server = new TestWebSocketServer();
        listener.onTextHook = (c, t) -> session.eventStarted();
        start(config().setMaxInFlight(2));
        awaitConnected(1);
        Channel serverSide = serverSideOfNewest(1);

        server.send(serverSide, "f1");
        server.send(serverSide, "f2");
        within5s().until(session::isReadingPaused);
        assertThat(listener.texts).containsExactly("f1", "f2");
        assertThat(session.getInFlight()).isEqualTo(2);

        for (int i = 3; i <= 10; i++) {
            server.send(serverSide, "f" + i);
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> listener.texts.size() == 2);

        // finish what was started, as a route would; reading resumes and the rest arrives
        within5s().until(() -> {
            for (int n = session.getInFlight(); n > 0; n--) {
                session.eventFinished();
            }
            return listener.texts.size() == 10;
        });
        for (int n = session.getInFlight(); n > 0; n--) {
            session.eventFinished();
        }
        assertThat(listener.texts).containsExactly("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10");
        assertThat(session.isReadingPaused()).isFalse();
        assertThat(session.getInFlight()).isZero();
        assertThat(session.getConnectCount()).as("pausing did not cost the connection").isEqualTo(1);
    }

    @Test
    void reconnectOpensASecondConnectionWhileTheFirstDrains() throws Exception {
        server = new TestWebSocketServer();
        start(config());
        awaitConnected(1);
        WebSocketConnection first = session.getCurrentConnection();
        Channel firstServerSide = serverSideOfNewest(1);

        session.reconnect("platform announced a restart");

        within5s().until(() -> session.getConnectCount() == 2 && server.open.size() == 2);
        WebSocketConnection second = session.getCurrentConnection();
        assertThat(second).isNotSameAs(first);
        assertThat(first.isOpen()).isTrue();
        assertThat(first.isDraining()).isTrue();
        assertThat(second.isDraining()).isFalse();

        // the draining connection still carries acknowledgements
        first.send("ack on the old one");
        within5s().until(() -> server.texts.contains("ack on the old one"));

        // when it finally closes, nothing else happens
        server.dropAbruptly(firstServerSide);
        within5s().until(() -> listener.closed.stream().anyMatch(c -> c.connection() == first));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> resolves.get() == 2 && session.getState() == WebSocketSession.State.CONNECTED
                        && session.getCurrentConnection() == second);
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void stopClosesCleanlyAndDoesNotReconnect() throws Exception {
        server = new TestWebSocketServer();
        start(config());
        awaitConnected(1);

        session.stop();

        assertThat(session.getState()).isEqualTo(WebSocketSession.State.STOPPED);
        assertThat(session.getCurrentConnection()).isNull();
        within5s().until(() -> server.closeCodes.contains(1000) && server.open.isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> resolves.get() == 1 && server.handshakeUris.size() == 1);
        session.stop(); // idempotent
        assertThat(session.getState()).isEqualTo(WebSocketSession.State.STOPPED);
    }

    @Test
    void canBeStartedAgainAfterStop() throws Exception {
        server = new TestWebSocketServer();
        start(config());
        awaitConnected(1);
        session.stop();
        within5s().until(() -> server.open.isEmpty());

        session.start();
        within5s()
                .until(() -> session.getState() == WebSocketSession.State.CONNECTED && session.getConnectCount() == 2);
        server.send(serverSideOfNewest(2), "back");
        within5s().until(() -> listener.texts.contains("back"));
    }

    @Test
    void backoffGrowsWithJitterUpToTheMaximum() {
        WebSocketSession s = new WebSocketSession(config(), () -> null, listener);
        for (int i = 0; i < 50; i++) {
            assertThat(s.backoff(1).toMillis()).isBetween(25L, 50L);
            assertThat(s.backoff(2).toMillis()).isBetween(50L, 100L);
            assertThat(s.backoff(3).toMillis()).isBetween(100L, 200L);
            assertThat(s.backoff(30).toMillis()).isBetween(100L, 200L);
        }
    }
}
