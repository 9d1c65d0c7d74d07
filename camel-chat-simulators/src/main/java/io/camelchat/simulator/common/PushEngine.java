package io.camelchat.simulator.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;

/**
 * Pushes events to connected clients and makes sure they are acknowledged: the delivery engine of the simulators whose
 * platform pushes over a socket and expects an answer per event (DingTalk's Stream mode, Lark's long connection).
 *
 * <p>A {@link Push} is registered under its id (the frame's message id) and, optionally, an alias (the event id), and
 * handed to the platform's {@link Transport}, which writes it to a connected client. When no client can take it, it
 * is queued until {@link #flushQueued()} (call it when a client connects). After each delivery a <em>reliable</em> push
 * waits for its acknowledgement until the ack deadline ({@code ackTimeout} later): {@link #acknowledge} ends it;
 * {@link #reject} or a missed deadline schedules a redelivery after the next delay of {@code redeliveryDelays}, and
 * once those are used up the push is given up. A redelivery writes the same {@code Push} again, so it keeps its ids
 * and payload (the same event id). Unreliable pushes are written once and never redelivered.
 *
 * <p>Ack deadlines are checked by a sweep every {@code ackTimeout/4} (10 ms to 100 ms), which stays cheap with
 * hundreds of thousands of pushes waiting.
 *
 * <p>Several connections of one app: the transport picks one connection per delivery and tells the push which
 * ({@link Push#deliveredTo}); when that connection closes, {@link #connectionLost} hands every push it had not
 * answered to the transport again at once (another live connection, or the queue), without waiting for the ack
 * deadline and without counting it as a failed delivery. Whether a platform notices a closed connection that fast is
 * not published: the simulators' choice, so that a client node that dies loses nothing and delays little.
 *
 * <p>Thread-safe; one lock guards every push, and {@link Transport#write} runs with it held.
 *
 * @param <T> the platform's description of a push (what the transport needs to build its frames)
 */
public final class PushEngine<T> {

    /** Writes pushes to connected clients. */
    @FunctionalInterface
    public interface Transport<T> {
        /**
         * Writes one delivery of the push to a connected client. Runs with the engine's lock held: it must not block
         * (hand writes to the event loop) nor call back into the engine.
         *
         * @return {@code false} when no connected client can take it now (the engine queues it)
         */
        boolean write(Push<T> push);
    }

    /** One push and its delivery state (the state is read through the engine, under its lock). */
    public static final class Push<T> {
        private final String id;
        private final String alias;
        private final T payload;
        private final boolean reliable;
        private int deliveries;
        private int failures;
        private boolean awaitingAck;
        private boolean acked;
        private boolean givenUp;
        private ScheduledFuture<?> redelivery;
        private Object connection;

        /**
         * @param id       the id acknowledgements quote (frame message id)
         * @param alias    a second id to look it up by (event id), or {@code null}
         * @param payload  what the transport writes
         * @param reliable whether it waits for an acknowledgement and is redelivered
         */
        public Push(String id, String alias, T payload, boolean reliable) {
            this.id = id;
            this.alias = alias;
            this.payload = payload;
            this.reliable = reliable;
        }

        public String id() {
            return id;
        }

        public String alias() {
            return alias;
        }

        public T payload() {
            return payload;
        }

        public boolean reliable() {
            return reliable;
        }

        /**
         * Called by the transport while it writes a delivery (engine lock held): the connection it went to, so that
         * {@link PushEngine#connectionLost} finds the pushes a closed connection did not answer.
         */
        public void deliveredTo(Object conn) {
            this.connection = conn;
        }
    }

    /** An ack deadline of one delivery; stale once the push was answered or delivered again. */
    private record Deadline(Push<?> push, int delivery, long atNanos) {
    }

    private final Object lock = new Object();
    private final SimScheduler scheduler;
    private final Duration ackTimeout;
    private final List<Duration> redeliveryDelays;
    private final Transport<T> transport;
    private final Map<String, Push<T>> byId = new HashMap<>();
    private final Map<String, Push<T>> byAlias = new HashMap<>();
    // insertion-ordered and O(1) per look-up: a client that reads in batches can leave many pushes waiting
    private final Set<Push<T>> queued = new LinkedHashSet<>();
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();

    public PushEngine(SimScheduler scheduler, Duration ackTimeout, List<Duration> redeliveryDelays,
                      Transport<T> transport) {
        this.scheduler = scheduler;
        this.ackTimeout = ackTimeout;
        this.redeliveryDelays = List.copyOf(redeliveryDelays);
        this.transport = transport;
        long sweep = Math.max(10, Math.min(100, ackTimeout.toMillis() / 4));
        scheduler.scheduleWithFixedDelay(Duration.ofMillis(sweep), this::sweepDeadlines);
    }

    /** Registers the push and delivers it (or queues it while no client can take it). */
    public void push(Push<T> p) {
        synchronized (lock) {
            register(p);
            deliver(p);
        }
    }

    /**
     * Registers a batch and offers it to {@code bulkWriter} as a whole (e.g. written to one connection with one flush
     * per burst). When the writer takes it ({@code true}) every push counts as delivered once; otherwise each is
     * delivered on its own. The writer runs with the engine's lock held.
     */
    public void pushAll(List<Push<T>> batch, Predicate<List<Push<T>>> bulkWriter) {
        synchronized (lock) {
            batch.forEach(this::register);
            if (bulkWriter.test(batch)) {
                for (Push<T> p : batch) {
                    delivered(p);
                }
            } else {
                batch.forEach(this::deliver);
            }
        }
    }

    /** Delivers every queued push again (call when a client connected). */
    public void flushQueued() {
        synchronized (lock) {
            List<Push<T>> copy = new ArrayList<>(queued);
            queued.clear();
            copy.forEach(this::deliver);
        }
    }

    /** The push with this id or alias, or {@code null}. */
    public Push<T> find(String idOrAlias) {
        synchronized (lock) {
            Push<T> p = byId.get(idOrAlias);
            return p != null ? p : byAlias.get(idOrAlias);
        }
    }

    /** The push acknowledgements with this id answer, or {@code null}. */
    public Push<T> byId(String id) {
        synchronized (lock) {
            return byId.get(id);
        }
    }

    /**
     * A successful answer: the push is done (no further redelivery, dropped from the queue).
     *
     * @return whether this was its first successful answer
     */
    public boolean acknowledge(Push<T> p) {
        synchronized (lock) {
            boolean first = !p.acked;
            p.acked = true;
            p.awaitingAck = false;
            SimScheduler.cancel(p.redelivery);
            queued.remove(p);
            return first;
        }
    }

    /** A failed answer: a reliable push waiting for its answer is redelivered later (or given up). */
    public void reject(Push<T> p) {
        synchronized (lock) {
            if (p.reliable && p.awaitingAck && !p.acked) {
                p.awaitingAck = false;
                failed(p);
            }
        }
    }

    /**
     * A connection closed: every reliable push last delivered to it and not answered yet is delivered again now (to
     * another connection, or queued until one connects). Call it without holding the transport's own lock.
     *
     * @return how many pushes were handed on
     */
    public int connectionLost(Object conn) {
        synchronized (lock) {
            List<Push<T>> orphans = new ArrayList<>();
            for (Deadline d : deadlines) {
                @SuppressWarnings("unchecked")
                Push<T> p = (Push<T>) d.push();
                if (p.awaitingAck && !p.acked && p.deliveries == d.delivery() && p.connection == conn) {
                    p.awaitingAck = false;
                    orphans.add(p);
                }
            }
            orphans.forEach(this::deliver);
            return orphans.size();
        }
    }

    /** How many times the push (id or alias) was written (0 if unknown). */
    public int deliveries(String idOrAlias) {
        synchronized (lock) {
            Push<T> p = find(idOrAlias);
            return p == null ? 0 : p.deliveries;
        }
    }

    /** Whether the push (id or alias) was answered successfully. */
    public boolean isAcknowledged(String idOrAlias) {
        synchronized (lock) {
            Push<T> p = find(idOrAlias);
            return p != null && p.acked;
        }
    }

    /** Whether redelivery of the push (id or alias) stopped because its schedule ran out. */
    public boolean isGivenUp(String idOrAlias) {
        synchronized (lock) {
            Push<T> p = find(idOrAlias);
            return p != null && p.givenUp;
        }
    }

    /** Pushes waiting for a client. */
    public int queued() {
        synchronized (lock) {
            return queued.size();
        }
    }

    // ---------------------------------------------------------------- internals (lock held)

    private void register(Push<T> p) {
        byId.put(p.id, p);
        if (p.alias != null) {
            byAlias.put(p.alias, p);
        }
    }

    private void deliver(Push<T> p) {
        if (scheduler.isClosed() || p.acked) {
            return;
        }
        if (!transport.write(p)) {
            queued.add(p);
            return;
        }
        delivered(p);
    }

    private void delivered(Push<T> p) {
        p.deliveries++;
        if (p.reliable) {
            SimScheduler.cancel(p.redelivery);
            p.awaitingAck = true;
            deadlines.addLast(new Deadline(p, p.deliveries, System.nanoTime() + ackTimeout.toNanos()));
        }
    }

    /** Schedules the next redelivery, or gives up. */
    private void failed(Push<T> p) {
        SimScheduler.cancel(p.redelivery);
        if (p.failures < redeliveryDelays.size()) {
            Duration d = redeliveryDelays.get(p.failures++);
            p.redelivery = scheduler.schedule(d, () -> {
                synchronized (lock) {
                    deliver(p);
                }
            });
        } else {
            p.givenUp = true;
        }
    }

    /** Pushes whose answer did not come in time fail (deadlines are added in time order: the oldest are first). */
    @SuppressWarnings("unchecked")
    private void sweepDeadlines() {
        synchronized (lock) {
            long now = System.nanoTime();
            Deadline d;
            while ((d = deadlines.peekFirst()) != null) {
                Push<T> p = (Push<T>) d.push();
                if (!p.awaitingAck || p.acked || p.deliveries != d.delivery()) {
                    deadlines.pollFirst();
                } else if (d.atNanos() - now <= 0) {
                    deadlines.pollFirst();
                    p.awaitingAck = false;
                    failed(p);
                } else {
                    break;
                }
            }
        }
    }
}
