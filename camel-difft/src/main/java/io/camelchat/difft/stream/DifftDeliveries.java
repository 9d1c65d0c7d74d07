package io.camelchat.difft.stream;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the consumer knows about the messages it was given, by message id, so that a redelivered message is routed
 * again only when its earlier delivery was not routed successfully (reference section 8.2: the component
 * de-duplicates). A message is either being routed (its outcome still to come), or was routed successfully
 * (remembered among the last {@code capacity} ones), or unknown. A failed outcome forgets the id: the next delivery
 * routes it again. Thread-safe.
 */
public final class DifftDeliveries {

    /** What to do with a delivered message. */
    public enum Verdict {
        /** Not known: route it (the caller now owns its outcome, see {@link DifftDeliveries#finish}). */
        ROUTE,
        /** Routed successfully before: acknowledge without routing. */
        DONE,
        /** Being routed by an earlier delivery: wait for {@link Claim#pending}. */
        IN_PROGRESS
    }

    /** The verdict, with the outcome to wait for when the message is being routed. */
    public record Claim(Verdict verdict, CompletableFuture<Boolean> pending) {
    }

    private final int capacity;
    private final Map<String, CompletableFuture<Boolean>> routing = new HashMap<>();
    private final LinkedHashMap<String, Boolean> done = new LinkedHashMap<>();
    private long duplicates;

    public DifftDeliveries(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Claims a delivered message. */
    public synchronized Claim claim(String messageId) {
        if (done.containsKey(messageId)) {
            duplicates++;
            return new Claim(Verdict.DONE, CompletableFuture.completedFuture(true));
        }
        CompletableFuture<Boolean> running = routing.get(messageId);
        if (running != null) {
            duplicates++;
            return new Claim(Verdict.IN_PROGRESS, running);
        }
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        routing.put(messageId, f);
        return new Claim(Verdict.ROUTE, f);
    }

    /** The outcome of a message claimed with {@link Verdict#ROUTE}; completes what waits for it. */
    public void finish(String messageId, boolean completed) {
        CompletableFuture<Boolean> f;
        synchronized (this) {
            f = routing.remove(messageId);
            if (completed) {
                done.put(messageId, Boolean.TRUE);
                Iterator<String> it = done.keySet().iterator();
                while (done.size() > capacity && it.hasNext()) {
                    it.next();
                    it.remove();
                }
            }
        }
        if (f != null) {
            f.complete(completed);
        }
    }

    /** Whether the message was routed successfully (and is still remembered). */
    public synchronized boolean isDone(String messageId) {
        return done.containsKey(messageId);
    }

    /** Deliveries of messages already routed or being routed. */
    public synchronized long getDuplicates() {
        return duplicates;
    }

    /** Messages being routed. */
    public synchronized int getRouting() {
        return routing.size();
    }

    /** Forgets everything (a restart). Outcomes still to come complete nothing that waits. */
    public synchronized void clear() {
        routing.clear();
        done.clear();
    }
}
