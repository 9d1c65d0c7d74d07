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
        long waitNanos = reserve();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /**
     * Takes the next call slot without blocking: the caller makes its call once the returned time has passed (0: at
     * once). Slots are handed out in order, so callers that schedule their call after the delay together stay within
     * the rate.
     *
     * @return how long to wait, in nanoseconds
     */
    public long reserve() {
        if (isUnlimited()) {
            return 0;
        }
        synchronized (this) {
            refill();
            available -= 1.0;
            return available >= 0 ? 0 : (long) (-available / permitsPerSecond * TimeUnit.SECONDS.toNanos(1));
        }
    }

    private void refill() {
        long now = System.nanoTime();
        double add = (now - lastRefillNanos) / (double) TimeUnit.SECONDS.toNanos(1) * permitsPerSecond;
        available = Math.min(capacity, available + add);
        lastRefillNanos = now;
    }
}
