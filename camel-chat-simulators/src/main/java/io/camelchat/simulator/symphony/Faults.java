package io.camelchat.simulator.symphony;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Fault injection for a {@link SymphonySimulator} (obtain with {@link SymphonySimulator#faults()}). Rules match on the
 * request path (after the server's context path, e.g. {@code /agent/v5/datafeeds}) by prefix, are consumed in the
 * order they were added, and apply to every endpoint, authentication included.
 */
public final class Faults {

    enum Kind { STATUS, RATE_LIMIT, UNAUTHORIZED, DROP }

    static final class Rule {
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
    volatile Duration delay = Duration.ZERO;
    volatile Duration readDelay = Duration.ZERO;
    volatile int retryAfterSeconds = 1;

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

    Rule take(String path) {
        synchronized (rules) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
                Rule r = it.next();
                if (path.startsWith(r.prefix)) {
                    if (--r.remaining <= 0) {
                        it.remove();
                    }
                    return r;
                }
            }
        }
        return null;
    }
}
