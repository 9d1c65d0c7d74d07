package io.camelchat.benchmarks.harness;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Waiting helpers of the harness (polling: the figures come from timestamps, never from these waits). */
public final class Await {

    private Await() {
    }

    /** Waits until the condition holds; throws after the timeout. */
    public static void until(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /**
     * Waits until {@code done} reaches {@code target}, or until it did not grow for {@code stall}, or {@code timeout}
     * in all; returns the {@link System#nanoTime()} at which the last growth was seen (1 ms polling).
     */
    public static long progress(LongSupplier done, long target, Duration stall, Duration timeout) {
        long start = System.nanoTime();
        long last = done.getAsLong();
        long lastAt = start;
        while (last < target) {
            LockSupport.parkNanos(1_000_000);
            long now = System.nanoTime();
            long d = done.getAsLong();
            if (d > last) {
                last = d;
                lastAt = now;
            } else if (now - lastAt > stall.toNanos() || now - start > timeout.toNanos()) {
                System.out.printf("   !! gave up waiting: %d of %d done%n", d, target);
                break;
            }
        }
        return lastAt;
    }

    /** Sleeps until {@code due} ({@link System#nanoTime()}), for pacing. */
    public static void pace(long due) {
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
        }
    }
}
