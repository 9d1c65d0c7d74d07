package io.camelchat.difft.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;

/**
 * The send throttle of one app (reference section 10: Difft accepts one message a second): sends and file calls of an
 * app go one at a time, in arrival order, and each starts at least the interval after the previous one answered, so
 * that the server never sees two closer than that. Callers wait their turn instead of failing: a synchronous caller
 * on its thread, an asynchronous one on a timer, in one line. One gate per app and
 * API URL in the JVM, shared by every endpoint of that app.
 */
public final class DifftSendGate {

    private static final Map<String, DifftSendGate> GATES = new ConcurrentHashMap<>();

    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong passed = new AtomicLong();
    /** Completes when the last caller in line has had its turn and its call answered. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private long lastDoneNanos;
    private boolean used;
    private long lastTimestamp;

    private DifftSendGate() {
    }

    /** The gate of an app (keyed by the API URL and the appid). */
    public static DifftSendGate of(String apiUrl, String appId) {
        return GATES.computeIfAbsent(apiUrl + "|" + appId, k -> new DifftSendGate());
    }

    /** A caller's turn at the gate: {@link #release} once its call answered lets the next caller's wait start. */
    private final class Turn {
        private final CompletableFuture<Void> done;

        Turn(CompletableFuture<Void> done) {
            this.done = done;
        }

        void release() {
            synchronized (DifftSendGate.this) {
                used = true;
                lastDoneNanos = System.nanoTime();
            }
            passed.incrementAndGet();
            done.complete(null);
        }
    }

    /**
     * Joins the line: the future completes (on a timer, no thread waiting) once every earlier caller's call answered
     * and {@code interval} passed since the last one did.
     */
    private CompletableFuture<Turn> turn(Duration interval) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = tail;
            tail = done;
        }
        waiting.incrementAndGet();
        CompletableFuture<Turn> turn = new CompletableFuture<>();
        previous.whenComplete((ignored, error) -> {
            long waitNanos;
            synchronized (this) {
                waitNanos = used ? lastDoneNanos + interval.toNanos() - System.nanoTime() : 0;
            }
            ChatAsync.schedule(() -> {
                waiting.decrementAndGet();
                turn.complete(new Turn(done));
            }, waitNanos);
        });
        return turn;
    }

    /**
     * Runs {@code call} on the calling thread when its turn comes: after every earlier caller, and at least
     * {@code interval} after the previous call returned.
     */
    public <T> T run(Duration interval, String operation, Supplier<T> call) {
        CompletableFuture<Turn> pending = turn(interval);
        Turn turn;
        try {
            turn = pending.get();
        } catch (InterruptedException e) {
            // give the turn back once it comes, so that the callers after this one are not held up
            pending.thenAccept(Turn::release);
            Thread.currentThread().interrupt();
            throw new ChatApiException(DifftErrors.PLATFORM, operation, 0, "interrupted",
                    "interrupted while waiting for the send interval", null, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        try {
            return call.get();
        } finally {
            turn.release();
        }
    }

    /**
     * {@link #run} for an asynchronous call: no thread waits, neither for the turn (a timer) nor for the answer; the
     * next caller's interval counts from when the returned future's call answered.
     */
    public <T> CompletableFuture<T> runAsync(Duration interval, Supplier<CompletableFuture<T>> call) {
        return turn(interval).thenCompose(turn -> {
            CompletableFuture<T> answer;
            try {
                answer = call.get();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            return answer.whenComplete((value, error) -> turn.release());
        });
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
