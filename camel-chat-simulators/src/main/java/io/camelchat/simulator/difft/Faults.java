package io.camelchat.simulator.difft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimResponse;

/**
 * Fault injection for a {@link DifftSimulator} (obtain with {@link DifftSimulator#faults()}): failing and slow HTTP
 * answers, refused upgrades, dropped or closed websockets, malformed websocket frames and a webhook consumer that does
 * not answer in time. HTTP rules apply to every HTTP request but websocket upgrades (storage transfers included) and
 * are consumed in the order they were added. Thread-safe.
 */
public final class Faults {

    /** The {@code status} of an injected HTTP failure's envelope (a simulator convention like all of section 3). */
    public static final int INJECTED_FAILURE_STATUS = 5;

    /** Text that is not JSON. */
    public static final String NOT_JSON_FRAME = "this is not JSON";
    /** A batch whose {@code messages} is an object, not an array. */
    public static final String MESSAGES_NOT_ARRAY_FRAME = "{\"messages\":{\"data\":{\"version\":1}}}";
    /** A batch whose only element has no {@code data}. */
    public static final String ELEMENT_WITHOUT_DATA_FRAME = "{\"messages\":[{\"id\":1}]}";

    private static final class Rule {
        final String prefix;
        final SimResponse answer;
        int remaining;

        Rule(String prefix, SimResponse answer, int count) {
            this.prefix = prefix;
            this.answer = answer;
            this.remaining = count;
        }
    }

    private final DifftSimulator sim;
    private final Duration defaultWebhookTimeout;
    private final List<Rule> rules = new ArrayList<>();
    private final Set<String> dropOnNextBatch = ConcurrentHashMap.newKeySet();
    private final AtomicLong messagesWritten = new AtomicLong();
    private volatile int dropEvery;
    private volatile Duration slow = Duration.ZERO;
    private int refuseUpgrades;
    private int refuseStatus;

    Faults(DifftSimulator sim, Duration defaultWebhookTimeout) {
        this.sim = sim;
        this.defaultWebhookTimeout = defaultWebhookTimeout;
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} are answered with HTTP
     * {@code httpStatus} (400 to 599) and {@code {"ver":1,"status":5,"reason":"injected failure","error":...}}, without
     * being processed (nothing is stored, no nonce is used up).
     */
    public Faults failNext(String pathPrefix, int count, int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be 4xx or 5xx: " + httpStatus);
        }
        Map<String, Object> body = Map.of("ver", 1, "status", INJECTED_FAILURE_STATUS, "reason",
                "injected failure " + httpStatus, "error", "injected failure " + httpStatus);
        add(new Rule(Objects.requireNonNull(pathPrefix), SimResponse.json(httpStatus, Json.write(body)), count));
        return this;
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} are answered with HTTP 200 and
     * {@code {"ver":1,"status":status,"reason":reason,"error":reason}} ({@code status} non-zero), without being
     * processed; e.g. status 4 "too many requests" plays the rate limit.
     */
    public Faults failNextWithStatus(String pathPrefix, int count, int status, String reason) {
        if (status == 0) {
            throw new IllegalArgumentException("status 0 is success");
        }
        add(new Rule(Objects.requireNonNull(pathPrefix), DifftErrors.fail(status, Objects.requireNonNull(reason)),
                count));
        return this;
    }

    /** Every HTTP answer (upgrades excluded) is written {@code delay} late ({@link Duration#ZERO}: off). */
    public Faults slowResponses(Duration delay) {
        slow = Objects.requireNonNull(delay);
        return this;
    }

    // ---------------------------------------------------------------- websocket

    /**
     * The next {@code count} websocket upgrades (any app, signed or not) are refused with HTTP {@code httpStatus}: 401
     * with the "invalid signature" envelope, anything else with {@code {"ver":1,"status":5,"reason":"upgrade
     * refused"}}.
     */
    public synchronized Faults refuseUpgrades(int count, int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be 4xx or 5xx: " + httpStatus);
        }
        refuseUpgrades = Math.max(0, count);
        refuseStatus = httpStatus;
        return this;
    }

    /** Closes every websocket of the app at the TCP level (no close frame); a batch in flight is redelivered. */
    public Faults dropWebsocket(String appId) {
        sim.dropWebsocket(appId);
        return this;
    }

    /**
     * The next batch written to the app is followed at once by a TCP close (no close frame): the client may read it,
     * but its fetch cannot arrive, so the batch is redelivered on the next connection.
     */
    public Faults dropWithNextBatch(String appId) {
        dropOnNextBatch.add(Objects.requireNonNull(appId));
        return this;
    }

    /**
     * Closes a websocket at the TCP level (no close frame) right after writing the batch that carries the N-th, 2N-th,
     * ... message written (counted over every app and connection); 0 = off. The client may read that batch, but its
     * fetch cannot arrive, so the batch is redelivered on the next connection.
     */
    public Faults dropConnectionsEvery(int messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must be >= 0");
        }
        dropEvery = messages;
        return this;
    }

    /**
     * Closes every websocket of the app with a close frame carrying {@code code} (e.g. 1008 policy violation: the
     * client must not reconnect; 1011 server error: it should) and {@code reason}; a batch in flight is redelivered.
     */
    public Faults closeWebsocket(String appId, int code, String reason) {
        sim.gateway().close(appId, code, reason == null ? "" : reason);
        return this;
    }

    /**
     * Writes {@code text} as one text frame to a websocket of the app, in place of a batch: at once when a fetch is
     * outstanding, else as the answer to the next fetch (so the client's fetch after it stays in step).
     */
    public Faults sendRawFrame(String appId, String text) {
        sim.gateway().queueRaw(Objects.requireNonNull(appId), Objects.requireNonNull(text));
        return this;
    }

    /** {@link #sendRawFrame} with {@link #NOT_JSON_FRAME}. */
    public Faults sendNonJsonFrame(String appId) {
        return sendRawFrame(appId, NOT_JSON_FRAME);
    }

    /** {@link #sendRawFrame} with {@link #MESSAGES_NOT_ARRAY_FRAME}. */
    public Faults sendMessagesNotArrayFrame(String appId) {
        return sendRawFrame(appId, MESSAGES_NOT_ARRAY_FRAME);
    }

    /** {@link #sendRawFrame} with {@link #ELEMENT_WITHOUT_DATA_FRAME}. */
    public Faults sendElementWithoutDataFrame(String appId) {
        return sendRawFrame(appId, ELEMENT_WITHOUT_DATA_FRAME);
    }

    // ---------------------------------------------------------------- webhook

    /**
     * Webhook calls wait only {@code timeout} for the consumer's answer (then count as failed and are redelivered);
     * {@code null}: back to the builder's {@code webhookTimeout}.
     */
    public Faults webhookTimeout(Duration timeout) {
        sim.webhooks().timeout(timeout == null ? defaultWebhookTimeout : timeout);
        return this;
    }

    /** Switches every fault off (raw frames not yet written are dropped). */
    public Faults reset() {
        synchronized (rules) {
            rules.clear();
        }
        synchronized (this) {
            refuseUpgrades = 0;
        }
        dropOnNextBatch.clear();
        dropEvery = 0;
        slow = Duration.ZERO;
        sim.webhooks().timeout(defaultWebhookTimeout);
        sim.gateway().clearRaw();
        return this;
    }

    // ---------------------------------------------------------------- package-private hooks

    private void add(Rule r) {
        if (r.remaining <= 0) {
            return;
        }
        synchronized (rules) {
            rules.add(r);
        }
    }

    /** Consumes the first rule matching the path; {@code null} when none does. */
    SimResponse httpFault(String path) {
        synchronized (rules) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
                Rule r = it.next();
                if (path.startsWith(r.prefix)) {
                    if (--r.remaining <= 0) {
                        it.remove();
                    }
                    return r.answer;
                }
            }
        }
        return null;
    }

    SimResponse slow(SimResponse r) {
        Duration d = slow;
        return d.isZero() || d.isNegative() ? r : r.withDelay(d);
    }

    /** The answer refusing this upgrade, or {@code null}. */
    synchronized SimResponse refuseUpgrade() {
        if (refuseUpgrades <= 0) {
            return null;
        }
        refuseUpgrades--;
        if (refuseStatus == 401) {
            return DifftErrors.unauthorized(false);
        }
        return SimResponse.json(refuseStatus, Json.write(Map.of("ver", 1, "status", INJECTED_FAILURE_STATUS,
                "reason", "upgrade refused")));
    }

    /** Whether the connection must be dropped after writing a batch of {@code count} messages to the app. */
    boolean takeDropWithBatch(String appId, int count) {
        long after = messagesWritten.addAndGet(count);
        int every = dropEvery;
        boolean everyN = every > 0 && after / every != (after - count) / every;
        return dropOnNextBatch.remove(appId) | everyN;
    }
}
