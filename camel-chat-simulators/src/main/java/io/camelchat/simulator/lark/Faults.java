package io.camelchat.simulator.lark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.common.SimResponse;

/**
 * Fault injection for a {@link LarkSimulator} (obtain with {@link LarkSimulator#faults()}). HTTP faults apply to every
 * HTTP request except websocket upgrades (including token and long-connection endpoint requests); rules are consumed in
 * the order they were added.
 */
public final class Faults {

    private enum Kind {
        STATUS, RATE_LIMIT, ENDPOINT
    }

    /**
     * An injected HTTP answer.
     *
     * @param response        the answer
     * @param endpointRequest whether it answers a long-connection endpoint request (counted as one)
     */
    record HttpFault(SimResponse response, boolean endpointRequest) {
    }

    private static final class Rule {
        final String prefix;
        final Kind kind;
        final int status;
        final int code;
        final String msg;
        int remaining;

        Rule(String prefix, Kind kind, int count, int status, int code, String msg) {
            this.prefix = prefix;
            this.kind = kind;
            this.remaining = count;
            this.status = status;
            this.code = code;
            this.msg = msg;
        }

        HttpFault answer() {
            return switch (kind) {
                case ENDPOINT -> new HttpFault(LarkErrors.answer(200, code, msg, Map.of()), true);
                case RATE_LIMIT -> new HttpFault(LarkErrors.rateLimited(status), false);
                default -> new HttpFault(LarkErrors.error(status, code, msg), false);
            };
        }
    }

    /** A one-shot split instruction for the next data payload. */
    record Split(int parts, boolean outOfOrder, boolean incomplete) {
    }

    private final LarkSimulator sim;
    private final List<Rule> rules = new ArrayList<>();
    private volatile int dropEvery;
    private volatile boolean answerPings = true;
    private volatile Duration delay = Duration.ZERO;
    private Split split;

    Faults(LarkSimulator sim) {
        this.sim = sim;
    }

    /** Close the TCP connection (no close frame) right after every N-th data frame written; 0 = off. */
    public Faults dropConnectionsEvery(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames must be >= 0");
        }
        this.dropEvery = frames;
        return this;
    }

    /** Close every open long connection now (TCP close, no close frame). */
    public Faults dropAllConnections() {
        sim.dropAllConnections(false);
        return this;
    }

    /** Close every open long connection with a websocket close frame (code 1000), as a server-initiated close. */
    public Faults closeAllConnections() {
        sim.dropAllConnections(true);
        return this;
    }

    /** {@code false}: stop answering pbbp2 {@code ping} control frames with {@code pong}. */
    public Faults answerPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get {@code httpStatus} with Lark's
     * error envelope: 5xx {@code {"code":55001,"msg":"internal error"}}, 4xx {@code {"code":99992402,...}}.
     */
    public Faults failNext(String pathPrefix, int count, int httpStatus) {
        int code = httpStatus >= 500 ? LarkErrors.CODE_INTERNAL : LarkErrors.CODE_FIELD_VALIDATION;
        return failNext(pathPrefix, count, httpStatus, code, httpStatus >= 500 ? "internal error" : "bad request");
    }

    /** Like {@link #failNext(String, int, int)} with an explicit body {@code code} and {@code msg}. */
    public Faults failNext(String pathPrefix, int count, int httpStatus, int code, String msg) {
        add(new Rule(pathPrefix, Kind.STATUS, count, httpStatus, code, msg));
        return this;
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} are rate limited: HTTP 429,
     * {@code {"code":99991400,"msg":"request trigger frequency limit"}}, headers {@code x-ogw-ratelimit-limit} and
     * {@code x-ogw-ratelimit-reset}.
     */
    public Faults rateLimitNext(String pathPrefix, int count) {
        return rateLimitNext(pathPrefix, count, 429);
    }

    /** Like {@link #rateLimitNext(String, int)} with another HTTP status (older gateways answered 400). */
    public Faults rateLimitNext(String pathPrefix, int count, int httpStatus) {
        add(new Rule(pathPrefix, Kind.RATE_LIMIT, count, httpStatus, LarkErrors.CODE_RATE_LIMIT,
                "request trigger frequency limit"));
        return this;
    }

    /** Invalidate every tenant/app token issued so far: calls with them get code 99991663 (app token: 99991664). */
    public Faults expireAllTokens() {
        sim.revokeAllTokens();
        return this;
    }

    /** The next {@code count} long-connection endpoint requests get code 1 ({@code system busy}, retryable). */
    public Faults rejectEndpointRequests(int count) {
        return rejectEndpointRequests(count, 1, "system busy");
    }

    /**
     * The next {@code count} endpoint requests get HTTP 200 with this {@code code} and {@code "data":{}} (1 and
     * 1000040343 are retryable for the SDKs, anything else is a client error that stops them).
     */
    public Faults rejectEndpointRequests(int count, int code, String msg) {
        add(new Rule(LarkSimulator.ENDPOINT_PATH, Kind.ENDPOINT, count, 200, code, msg));
        return this;
    }

    /** Write these bytes as one binary websocket message to every open connection (e.g. a malformed frame). */
    public Faults sendRawFrame(byte[] bytes) {
        sim.sendRawToAll(bytes.clone());
        return this;
    }

    /**
     * The next data payload pushed is split into {@code parts} frames (at least 2), sent in reverse order when
     * {@code outOfOrder}, and with the part {@code seq=1} never sent when {@code incomplete} (so the client cannot
     * answer; the event is redelivered whole after the ack timeout).
     */
    public Faults splitNext(int parts, boolean outOfOrder, boolean incomplete) {
        if (parts < 2) {
            throw new IllegalArgumentException("parts must be >= 2");
        }
        synchronized (this) {
            split = new Split(parts, outOfOrder, incomplete);
        }
        return this;
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
        synchronized (this) {
            split = null;
        }
        dropEvery = 0;
        answerPings = true;
        delay = Duration.ZERO;
        return this;
    }

    synchronized Split takeSplit() {
        Split s = split;
        split = null;
        return s;
    }

    private void add(Rule r) {
        if (r.remaining <= 0) {
            return;
        }
        synchronized (rules) {
            rules.add(r);
        }
    }

    /** Whether the connection must be dropped after writing data frame number {@code frames} (1-based). */
    boolean dropsAfterFrame(long frames) {
        int every = dropEvery;
        return every > 0 && frames % every == 0;
    }

    boolean answersPings() {
        return answerPings;
    }

    /** How long every HTTP answer is held back (zero: not at all). */
    Duration responseDelay() {
        return delay;
    }

    /** Consumes the first rule matching the path and returns its answer, or {@code null} when none matches. */
    HttpFault takeHttpFault(String path) {
        synchronized (rules) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
                Rule r = it.next();
                boolean match = r.kind == Kind.ENDPOINT ? path.equals(r.prefix) : path.startsWith(r.prefix);
                if (match) {
                    if (--r.remaining <= 0) {
                        it.remove();
                    }
                    return r.answer();
                }
            }
        }
        return null;
    }
}
