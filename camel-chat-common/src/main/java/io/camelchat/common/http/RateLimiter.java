package io.camelchat.common.http;

import java.util.concurrent.TimeUnit;

/**
 * A client-side limit of calls per second (a token bucket holding one second of calls), so a busy route stays
 * under the platform's quota instead of collecting rate-limit errors. A rate of 0 or less means no limit.
 */
public final class RateLimiter {

    private final double permitsPerSecond;
    private final double capacity;
    private double available;
    private long lastRefillNanos;

    public RateLimiter(double permitsPerSecond) {
        this.permitsPerSecond = permitsPerSecond;
        this.capacity = Math.max(1.0, permitsPerSecond);
        this.available = capacity;
        this.lastRefillNanos = System.nanoTime();
    }

    public boolean isUnlimited() {
        return permitsPerSecond <= 0;
    }

    /** Blocks until a call may be made. */
    public void acquire() throws InterruptedException {
        if (isUnlimited()) {
            return;
        }
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                if (available >= 1.0) {
                    available -= 1.0;
                    return;
                }
                waitNanos = (long) ((1.0 - available) / permitsPerSecond * TimeUnit.SECONDS.toNanos(1));
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(waitNanos, 100_000L));
        }
    }

    private void refill() {
        long now = System.nanoTime();
        double add = (now - lastRefillNanos) / (double) TimeUnit.SECONDS.toNanos(1) * permitsPerSecond;
        available = Math.min(capacity, available + add);
        lastRefillNanos = now;
    }
}
