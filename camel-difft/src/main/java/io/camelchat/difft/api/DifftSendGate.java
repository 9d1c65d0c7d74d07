package io.camelchat.difft.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.camelchat.common.ChatApiException;

/**
 * The send throttle of one app (reference section 10: Difft accepts one message a second): sends and file calls of an
 * app go one at a time, in arrival order, and each starts at least the interval after the previous one answered, so
 * that the server never sees two closer than that. Callers wait their turn instead of failing. One gate per app and
 * API URL in the JVM, shared by every endpoint of that app.
 */
public final class DifftSendGate {

    private static final Map<String, DifftSendGate> GATES = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock(true);
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong passed = new AtomicLong();
    private long lastDoneNanos;
    private boolean used;
    private long lastTimestamp;

    private DifftSendGate() {
    }

    /** The gate of an app (keyed by the API URL and the appid). */
    public static DifftSendGate of(String apiUrl, String appId) {
        return GATES.computeIfAbsent(apiUrl + "|" + appId, k -> new DifftSendGate());
    }

    /**
     * Runs {@code call} when its turn comes: after every earlier caller, and at least {@code interval} after the
     * previous call returned.
     */
    public <T> T run(Duration interval, String operation, Supplier<T> call) {
        waiting.incrementAndGet();
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            waiting.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new ChatApiException(DifftErrors.PLATFORM, operation, 0, "interrupted",
                    "interrupted while waiting for the send interval", null, e);
        }
        try {
            waiting.decrementAndGet();
            long intervalNanos = interval.toNanos();
            if (used && intervalNanos > 0) {
                long wait;
                while ((wait = lastDoneNanos + intervalNanos - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            try {
                return call.get();
            } finally {
                used = true;
                lastDoneNanos = System.nanoTime();
                passed.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatApiException(DifftErrors.PLATFORM, operation, 0, "interrupted",
                    "interrupted while waiting for the send interval", null, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A message timestamp for a send of this app: now, or one more than the last one handed out, so that two messages
     * of the app never share one (the timestamp names a message for recall and quotes).
     */
    public synchronized long nextTimestamp() {
        long now = System.currentTimeMillis();
        lastTimestamp = Math.max(now, lastTimestamp + 1);
        return lastTimestamp;
    }

    /** Callers waiting for their turn now. */
    public long getWaiting() {
        return waiting.get();
    }

    /** Calls that went through the gate. */
    public long getPassed() {
        return passed.get();
    }
}
