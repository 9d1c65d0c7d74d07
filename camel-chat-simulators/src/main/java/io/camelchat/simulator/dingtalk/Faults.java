package io.camelchat.simulator.dingtalk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.simulator.common.SimResponse;

/**
 * Fault injection for a {@link DingTalkSimulator} (obtain with {@link DingTalkSimulator#faults()}). HTTP faults apply
 * to every HTTP request except websocket upgrades; rules are consumed in the order they were added.
 */
public final class Faults {

    private enum Kind {
        STATUS, QPS, HTTP429
    }

    private static final class Rule {
        final String prefix;
        final Kind kind;
        final int status;
        final int retryAfterSeconds;
        int remaining;

        Rule(String prefix, Kind kind, int count, int status, int retryAfterSeconds) {
            this.prefix = prefix;
            this.kind = kind;
            this.remaining = count;
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** DingTalk's answer for this rule. */
        SimResponse answer(String path) {
            switch (kind) {
                case QPS :
                    return DingTalkErrors.qpsError(path);
                case HTTP429 :
                    return DingTalkErrors.apiError(429, "Throttling", "Request was denied due to request throttling.")
                            .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
                default :
                    String code = switch (status) {
                        case 500 -> "InternalError";
                        case 502 -> "BadGateway";
                        case 504 -> "GatewayTimeout";
                        default -> "ServiceUnavailable";
                    };
                    return DingTalkErrors.apiError(status, code,
                            "The request has failed due to a temporary failure of the server.");
            }
        }
    }

    private final DingTalkSimulator sim;
    private final List<Rule> rules = new ArrayList<>();
    private final AtomicInteger rejectRegistrations = new AtomicInteger();
    private volatile int dropEvery;
    private volatile boolean answerPings = true;
    private volatile Duration delay = Duration.ZERO;

    Faults(DingTalkSimulator sim) {
        this.sim = sim;
    }

    /** Close the TCP connection (no close frame) right after every N-th business frame pushed; 0 = off. */
    public Faults dropConnectionsEvery(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames must be >= 0");
        }
        this.dropEvery = frames;
        return this;
    }

    /** Close every open Stream connection now (TCP close, no close frame). */
    public Faults dropAllConnections() {
        sim.dropAllConnections();
        return this;
    }

    /** {@code false}: stop answering websocket PING control frames. */
    public Faults answerWebSocketPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    /**
     * Send a SYSTEM {@code disconnect} frame to every open connection, push nothing further on them and close them
     * after the configured {@code disconnectCloseDelay} unless the client closes first.
     */
    public Faults sendDisconnect() {
        sim.sendDisconnectToAll();
        return this;
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get {@code httpStatus} with DingTalk's
     * error body ({@code {"code":"ServiceUnavailable"|"InternalError"|...,"message","requestid"}}).
     */
    public Faults failNext(String pathPrefix, int count, int httpStatus) {
        add(new Rule(pathPrefix, Kind.STATUS, count, httpStatus, 0));
        return this;
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} are rejected by the per-app QPS limit:
     * new-style {@code /v1.0} paths get HTTP 403 {@code {"code":"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",...}};
     * old-style paths ({@code /topapi}, {@code /media}, {@code /gettoken}, {@code /robot/sendBySession}) get HTTP 200
     * {@code {"errcode":90018,...}} as DingTalk's old API does.
     */
    public Faults rateLimitNext(String pathPrefix, int count) {
        add(new Rule(pathPrefix, Kind.QPS, count, 403, 0));
        return this;
    }

    /** The next {@code count} requests get HTTP 429 with {@code Retry-After: retryAfterSeconds} and code {@code Throttling}. */
    public Faults http429Next(String pathPrefix, int count, int retryAfterSeconds) {
        add(new Rule(pathPrefix, Kind.HTTP429, count, 429, retryAfterSeconds));
        return this;
    }

    /**
     * Invalidate every token issued so far: new-style calls get 401 {@code InvalidAuthentication}, old-style calls
     * errcode 40014.
     */
    public Faults expireAllTokens() {
        sim.revokeAllTokens();
        return this;
    }

    /** The next {@code count} registrations ({@code /v1.0/gateway/connections/open}) are answered 401. */
    public Faults rejectRegistrations(int count) {
        rejectRegistrations.set(count);
        return this;
    }

    /** Push a raw text frame (e.g. malformed JSON) to every open connection. */
    public Faults sendRaw(String text) {
        sim.sendRawToAll(text);
        return this;
    }

    /**
     * Push a syntactically valid robot-message CALLBACK frame whose text is {@code bytes} long (routed like any robot
     * message). Returns its messageId.
     */
    public String sendOversize(int bytes) {
        return sim.pushOversize(bytes);
    }

    /** Delay every HTTP answer by {@code d} (zero or {@code null}: off). */
    public Faults delayResponses(Duration d) {
        this.delay = d == null ? Duration.ZERO : d;
        return this;
    }

    /** Remove every fault. */
    public Faults reset() {
        synchronized (rules) {
            rules.clear();
        }
        rejectRegistrations.set(0);
        dropEvery = 0;
        answerPings = true;
        delay = Duration.ZERO;
        return this;
    }

    private void add(Rule r) {
        if (r.remaining <= 0) {
            return;
        }
        synchronized (rules) {
            rules.add(r);
        }
    }

    /** Consumes the first rule matching the path and returns its answer, or {@code null} when none matches. */
    SimResponse takeHttpFault(String path) {
        synchronized (rules) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
                Rule r = it.next();
                if (path.startsWith(r.prefix)) {
                    if (--r.remaining <= 0) {
                        it.remove();
                    }
                    return r.answer(path);
                }
            }
        }
        return null;
    }

    /** Whether the connection must be dropped after writing the business frame number {@code frames} (1-based). */
    boolean dropsAfterFrame(long frames) {
        int every = dropEvery;
        return every > 0 && frames % every == 0;
    }

    /** Whether a drop-every-N-frames fault is set. */
    boolean dropsConnections() {
        return dropEvery > 0;
    }

    boolean answersWebSocketPings() {
        return answerPings;
    }

    /** How long every HTTP answer is held back (zero: not at all). */
    Duration responseDelay() {
        return delay;
    }

    boolean takeRegistrationRejection() {
        return rejectRegistrations.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
