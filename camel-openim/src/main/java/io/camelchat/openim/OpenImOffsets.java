package io.camelchat.openim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.camelchat.common.consumer.ChatExchanges;
import org.apache.camel.Exchange;
import org.apache.camel.spi.StateRepository;

/**
 * The last seq routed of each conversation, kept in the {@code offsetRepository} (a Camel {@link StateRepository},
 * key {@code openim.<userId>.<conversationId>}, value the seq as decimal text), shared by the datafeed and the stream
 * consumer.
 * <p>
 * A consumer calls {@link #begin} for each message it routes (in seq order within a conversation) and
 * {@link #done} when its exchange's unit of work finished. The stored seq of a conversation advances only over seqs
 * whose exchange completed: never past a seq whose exchange failed or is still running, so after a restart the failed
 * or unfinished message is pulled again (with those after it). A failure keeps the conversation's stored seq where it
 * is for as long as this object lives ({@link #hasFailed}: the consumer pulls from the stored seq again).
 * <p>
 * Thread-safe. Seqs a consumer skips (filtered, the user's own messages) are {@link #begin begun} and
 * {@link #done done} at once.
 */
public final class OpenImOffsets {

    private final StateRepository<String, String> repository;
    private final String prefix;
    /** Per conversation: the seqs begun and not yet stored, mapped to their state. */
    private final Map<String, TreeMap<Long, State>> pending = new HashMap<>();
    /** Per conversation: the stored seq as last read or written. */
    private final Map<String, Long> stored = new HashMap<>();

    private enum State {
        RUNNING, COMPLETED, FAILED
    }

    /**
     * @param repository the offsetRepository (started)
     * @param userId     the user whose conversations these are (part of the key, so one repository may serve several
     *                   users)
     */
    public OpenImOffsets(StateRepository<String, String> repository, String userId) {
        this.repository = repository;
        this.prefix = "openim." + userId + ".";
    }

    /** The stored seq of a conversation; -1 when none is stored (the consumer decides where to start). */
    public synchronized long stored(String conversationId) {
        Long cached = stored.get(conversationId);
        if (cached != null) {
            return cached;
        }
        String value = repository.getState(prefix + conversationId);
        long seq = -1;
        if (value != null && !value.isBlank()) {
            try {
                seq = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                seq = -1;
            }
        }
        stored.put(conversationId, seq);
        return seq;
    }

    /**
     * Stores where a conversation starts when none was stored (e.g. its newest seq when routing only new messages);
     * nothing when a seq is stored already.
     */
    public synchronized void initialize(String conversationId, long seq) {
        if (stored(conversationId) < 0) {
            write(conversationId, seq);
        }
    }

    /**
     * Stores {@code seq} for a conversation whose seqs up to it hold nothing to route (the server no longer has them),
     * unless messages of it are being routed or failed, or a higher seq is stored.
     */
    public synchronized void advance(String conversationId, long seq) {
        TreeMap<Long, State> seqs = pending.get(conversationId);
        if ((seqs == null || seqs.isEmpty()) && seq > stored(conversationId)) {
            write(conversationId, seq);
        }
    }

    /**
     * The highest seq routed or being routed in a conversation (begun, whatever its outcome), or the stored one: where
     * a consumer that keeps going continues from.
     */
    public synchronized long position(String conversationId) {
        TreeMap<Long, State> seqs = pending.get(conversationId);
        long s = stored(conversationId);
        return seqs == null || seqs.isEmpty() ? s : Math.max(s, seqs.lastKey());
    }

    /** Notes that the message at {@code seq} is being routed. */
    public synchronized void begin(String conversationId, long seq) {
        pending.computeIfAbsent(conversationId, c -> new TreeMap<>()).putIfAbsent(seq, State.RUNNING);
    }

    /**
     * Notes that the exchange of {@code seq} finished; stores the conversation's seq up to the last of the unbroken run
     * of completed seqs from the lowest pending one.
     */
    public synchronized void done(String conversationId, long seq, boolean completed) {
        TreeMap<Long, State> seqs = pending.get(conversationId);
        if (seqs == null || !seqs.containsKey(seq)) {
            return;
        }
        if (seqs.get(seq) == State.FAILED) {
            return;
        }
        seqs.put(seq, completed ? State.COMPLETED : State.FAILED);
        long advanceTo = -1;
        while (!seqs.isEmpty() && seqs.firstEntry().getValue() == State.COMPLETED) {
            advanceTo = seqs.pollFirstEntry().getKey();
        }
        if (advanceTo > stored(conversationId)) {
            write(conversationId, advanceTo);
        }
    }

    /** True when an exchange of the conversation failed (its seq and the ones after it are not stored). */
    public synchronized boolean hasFailed(String conversationId) {
        TreeMap<Long, State> seqs = pending.get(conversationId);
        return seqs != null && seqs.containsValue(State.FAILED);
    }

    /** True when exchanges of the conversation are still running. */
    public synchronized boolean isRunning(String conversationId) {
        TreeMap<Long, State> seqs = pending.get(conversationId);
        return seqs != null && seqs.containsValue(State.RUNNING);
    }

    /**
     * Forgets what was begun in a conversation and not stored (after a failure, before pulling again from the stored
     * seq). Exchanges of it still running are then ignored when they finish.
     */
    public synchronized void reset(String conversationId) {
        pending.remove(conversationId);
    }

    /**
     * Notes that {@code exchange} routes the message at {@code seq} ({@link #begin}) and calls {@link #done} when its
     * unit of work completes or fails (from a synchronization Camel hands over with the exchange, so a route that
     * passes the exchange on to seda: stores the seq when that work is done). Call it before the exchange is processed,
     * in seq order within a conversation.
     */
    public void track(Exchange exchange, String conversationId, long seq) {
        begin(conversationId, seq);
        ChatExchanges.onUnitOfWorkDone(exchange, (ex, completed) -> done(conversationId, seq, completed));
    }

    /** Notes a message that is not routed (filtered out) as done, so that the stored seq moves past it. */
    public void skip(String conversationId, long seq) {
        begin(conversationId, seq);
        done(conversationId, seq, true);
    }

    /** The stored seq of every conversation seen so far, for the dev console and health. */
    public synchronized Map<String, Long> snapshot() {
        return new TreeMap<>(stored);
    }

    private void write(String conversationId, long seq) {
        stored.put(conversationId, seq);
        repository.setState(prefix + conversationId, Long.toString(seq));
    }
}
