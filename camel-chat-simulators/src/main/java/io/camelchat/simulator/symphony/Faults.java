package io.camelchat.simulator.symphony;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.camelchat.simulator.common.SimResponse;

/**
 * Fault injection for a {@link SymphonySimulator} (obtain with {@link SymphonySimulator#faults()}). Rules match on the
 * request path (after the server's context path, e.g. {@code /agent/v5/datafeeds}) by prefix, are consumed in the
 * order they were added, and apply to every endpoint, authentication included.
 */
public final class Faults {

    private enum Kind {
        STATUS, RATE_LIMIT, UNAUTHORIZED, DROP
    }

    private static final class Rule {
        final String prefix;
        final Kind kind;
        final int status;
        int remaining;

        Rule(String prefix, Kind kind, int count, int status) {
            this.prefix = prefix;
            this.kind = kind;
            this.remaining = count;
            this.status = status;
        }
    }

    private final SymphonySimulator sim;
    private final List<Rule> rules = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration readDelay = Duration.ZERO;
    private volatile int retryAfterSeconds = 1;
    private volatile int loseFeedsEvery;

    Faults(SymphonySimulator sim) {
        this.sim = sim;
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get HTTP 401
     * {@code {"code":401,"message":"Invalid session"}} (their tokens stay valid: a "401 storm").
     */
    public Faults unauthorizedNext(String pathPrefix, int count) {
        return add(new Rule(pathPrefix, Kind.UNAUTHORIZED, count, 401));
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get {@code httpStatus} with the
     * {@code {"code":<status>,"message":...}} error body.
     */
    public Faults failNext(String pathPrefix, int count, int httpStatus) {
        return add(new Rule(pathPrefix, Kind.STATUS, count, httpStatus));
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get HTTP 429
     * {@code {"code":429,"message":"Too many requests"}} with {@code Retry-After} ({@link #retryAfter}, default 1 s).
     */
    public Faults rateLimitNext(String pathPrefix, int count) {
        return add(new Rule(pathPrefix, Kind.RATE_LIMIT, count, 429));
    }

    /** The {@code Retry-After} seconds sent with 429 answers; negative: no header. */
    public Faults retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** The next {@code count} requests whose path starts with {@code pathPrefix} get 502 with an HTML body. */
    public Faults gatewayErrorNext(String pathPrefix, int count) {
        return add(new Rule(pathPrefix, Kind.DROP, count, 502));
    }

    /** Delay every HTTP answer by {@code d} (zero or {@code null}: off). */
    public Faults delayResponses(Duration d) {
        this.delay = d == null ? Duration.ZERO : d;
        return this;
    }

    /** Delay every datafeed read answer (v1 and v2) by {@code d}, on top of the long poll (zero or {@code null}: off). */
    public Faults delayReads(Duration d) {
        this.readDelay = d == null ? Duration.ZERO : d;
        return this;
    }

    /** Forget every datafeed (v1 and v2): reads then answer 400 as for a stale feed. */
    public Faults loseFeeds() {
        sim.loseFeeds();
        return this;
    }

    /**
     * Forget every feed (v1 and v2) right after the read answer that carries the N-th, 2N-th, ... event delivered
     * (counted over every feed and redeliveries); 0 = off. That answer reaches the client, its acknowledgement (v2)
     * does not: the client's next read gets 400 and it must create a new feed. Events still in a feed when it is
     * forgotten are lost with it, as on a real agent; a read answer takes every deliverable event unless
     * {@code maxEventsPerRead} is set, and events published while no feed is live wait for the next one
     * ({@code bufferEventsWithoutFeed}).
     */
    public Faults loseFeedsEvery(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0");
        }
        this.loseFeedsEvery = events;
        return this;
    }

    /** Invalidate every session and key-manager token issued so far: calls with them get 401. */
    public Faults expireSessions() {
        sim.expireSessions();
        return this;
    }

    /** Remove every fault. */
    public Faults reset() {
        synchronized (rules) {
            rules.clear();
        }
        delay = Duration.ZERO;
        readDelay = Duration.ZERO;
        retryAfterSeconds = 1;
        loseFeedsEvery = 0;
        return this;
    }

    private Faults add(Rule r) {
        if (r.remaining > 0) {
            synchronized (rules) {
                rules.add(r);
            }
        }
        return this;
    }

    /** Whether the feeds are forgotten after a read answer that took the delivered count from {@code before} to {@code after}. */
    boolean losesFeedsBetween(long before, long after) {
        int every = loseFeedsEvery;
        return every > 0 && after / every != before / every;
    }

    /** How long every HTTP answer is held back (zero: not at all). */
    Duration responseDelay() {
        return delay;
    }

    /** How long every datafeed read answer is held back on top of the long poll (zero: not at all). */
    Duration readDelay() {
        return readDelay;
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
                    return answer(r);
                }
            }
        }
        return null;
    }

    private SimResponse answer(Rule rule) {
        switch (rule.kind) {
            case UNAUTHORIZED :
                return SymphonyErrors.error(401, "Invalid session");
            case RATE_LIMIT : {
                SimResponse resp = SymphonyErrors.error(429, "Too many requests");
                int ra = retryAfterSeconds;
                return ra >= 0 ? resp.withHeader("Retry-After", Integer.toString(ra)) : resp;
            }
            case DROP :
                return SimResponse.bytes(rule.status, "text/html",
                        ("<html><body><h1>" + rule.status + " Bad Gateway</h1></body></html>")
                                .getBytes(StandardCharsets.UTF_8));
            default :
                return SymphonyErrors.error(rule.status, rule.status >= 500 ? "Internal server error" : "Bad request");
        }
    }
}
