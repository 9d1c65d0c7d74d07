package io.camelchat.common.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the signatures (or nonces) of recently accepted webhook requests, so that a captured request sent again
 * within the freshness window is refused. Bounded: the oldest entries go first.
 */
public final class ReplayGuard {

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public ReplayGuard(Duration window, int maxEntries) {
        this(window, maxEntries, Clock.systemUTC());
    }

    public ReplayGuard(Duration window, int maxEntries, Clock clock) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Records {@code key}; false when it was already seen within the window (a replay). */
    public synchronized boolean firstSeen(String key) {
        long now = clock.millis();
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() > window.toMillis() || seen.size() > maxEntries) {
                it.remove();
            } else {
                break;
            }
        }
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        return true;
    }

    /** Forgets {@code key}: the request it stands for failed, and the platform may send it again as is. */
    public synchronized void forget(String key) {
        seen.remove(key);
    }
}
