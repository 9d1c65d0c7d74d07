package io.camelchat.simulator.openim;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/** Faults a test switches on: HTTP 5xx and slow answers, a full gateway, dropped connections, bad frames. */
public final class Faults {

    private final OpenImSimulator sim;
    private final AtomicInteger failHttp = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile Duration slow = Duration.ZERO;
    private volatile boolean gatewayFull;
    private volatile Duration slowReplies = Duration.ZERO;
    private final AtomicInteger failSends = new AtomicInteger();
    private final Set<String> dropOnPush = ConcurrentHashMap.newKeySet();
    private volatile int dropEvery;
    private final AtomicLong pushFrames = new AtomicLong();

    Faults(OpenImSimulator sim) {
        this.sim = sim;
    }

    /** The next {@code n} HTTP API calls (any path) answer {@code status} with a plain-text body. */
    public Faults failNextHttp(int n, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("status must be 5xx: " + status);
        }
        failStatus = status;
        failHttp.set(n);
        return this;
    }

    /** Every HTTP API answer is written {@code delay} late ({@link Duration#ZERO} to stop). */
    public Faults slowHttp(Duration delay) {
        slow = Objects.requireNonNull(delay);
        return this;
    }

    /** Every gateway reply is written {@code delay} late (pushes are not; {@link Duration#ZERO} to stop). */
    public Faults slowGatewayReplies(Duration delay) {
        slowReplies = Objects.requireNonNull(delay);
        return this;
    }

    /** While on, every websocket handshake is refused with 1601 ConnOverMaxNumLimit. */
    public Faults gatewayFull(boolean on) {
        gatewayFull = on;
        return this;
    }

    /** The next {@code n} gateway sends (1003) are answered with ErrCode 500 and nothing is stored. */
    public Faults failNextSends(int n) {
        failSends.set(n);
        return this;
    }

    /** Closes every gateway connection of the user at the TCP level (no close frame, no 2002). */
    public Faults dropConnections(String userId) {
        sim.gateway().drop(userId);
        return this;
    }

    /**
     * The next message pushed to the user is stored (seq assigned) but, instead of the 2001 frame, the user's
     * connections are dropped: the message is in flight, and only a newest-seq/pull after reconnecting finds it.
     */
    public Faults dropOnNextPush(String userId) {
        dropOnPush.add(userId);
        return this;
    }

    /**
     * Closes a connection at the TCP level (no close frame, no 2002) right after every N-th push frame (2001) the
     * gateway writes, counted over every connection; 0 = off. The message of that frame is stored: the client may
     * have read it, and finds it again with newest-seq/pull after reconnecting.
     */
    public Faults dropConnectionsEvery(int pushes) {
        if (pushes < 0) {
            throw new IllegalArgumentException("pushes must be >= 0");
        }
        dropEvery = pushes;
        return this;
    }

    /** Sends a binary frame that is neither gob nor JSON (nor gzip) to every connection of the user. */
    public Faults sendMalformedFrame(String userId) {
        for (GatewayConn c : sim.gateway().conns(userId)) {
            c.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[]{ (byte) 0xff, 0x13,
                    0x37, 0x00, 0x42 })));
        }
        return this;
    }

    /**
     * Token expiry mid-stream: every token the user's open connections presented is expired (1501 from now on) and
     * those connections are dropped, so a reconnect with the same token is refused.
     */
    public Faults expireTokensMidStream(String userId) {
        for (GatewayConn c : sim.gateway().conns(userId)) {
            sim.tokens().expire(c.token);
        }
        sim.gateway().drop(userId);
        return this;
    }

    /**
     * Token expiry mid-run: every token issued so far, admin tokens included, is refused as expired (1501) from now
     * on, by the HTTP API and at the next websocket handshake; open connections stay open.
     */
    public Faults expireAllTokens() {
        sim.tokens().expireAll();
        return this;
    }

    /** Switches every fault off. */
    public Faults reset() {
        failHttp.set(0);
        slow = Duration.ZERO;
        slowReplies = Duration.ZERO;
        gatewayFull = false;
        failSends.set(0);
        dropOnPush.clear();
        dropEvery = 0;
        return this;
    }

    SimResponse httpFault(SimRequest r) {
        if (failHttp.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return SimResponse.text(failStatus, "injected failure " + failStatus);
        }
        return null;
    }

    SimResponse slow(SimResponse r) {
        Duration d = slow;
        return d.isZero() ? r : r.withDelay(d);
    }

    Duration slowReplies() {
        return slowReplies;
    }

    boolean gatewayFull() {
        return gatewayFull;
    }

    boolean failSend() {
        return failSends.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** Whether the connection must be dropped after this push frame (counts every push frame written). */
    boolean dropsAfterPush() {
        long n = pushFrames.incrementAndGet();
        int every = dropEvery;
        return every > 0 && n % every == 0;
    }

    boolean dropInsteadOfPush(String userId) {
        return dropOnPush.remove(userId);
    }
}
