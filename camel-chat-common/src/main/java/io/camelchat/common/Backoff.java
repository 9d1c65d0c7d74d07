package io.camelchat.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before attempt {@code n} after failures, used by every consumer that reconnects or polls again:
 * {@code base * 2^(n-1)}, capped at {@code max}, then a random value in its upper half so that many clients do not
 * come back at the same moment.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * @param attempt the failed attempts so far (1 for the first failure)
     * @return at least one millisecond
     */
    public static Duration delay(Duration base, Duration max, int attempt) {
        long b = Math.max(1, base.toMillis());
        long m = Math.max(b, max.toMillis());
        long exp = b << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(m, exp <= 0 ? m : exp);
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
