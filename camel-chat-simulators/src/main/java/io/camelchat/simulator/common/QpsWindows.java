package io.camelchat.simulator.common;

import java.util.HashMap;
import java.util.Map;

/**
 * A per-key requests-per-second limit counted in fixed one-second windows (the simple model the simulators use for a
 * platform's per-API rate limit).
 */
public final class QpsWindows {

    private record Window(long second, int count) {
    }

    private final Map<String, Window> windows = new HashMap<>();

    /** Counts one request for {@code key}; {@code true} when it is over {@code limit} in the current second. */
    public synchronized boolean exceeded(String key, int limit) {
        long sec = System.currentTimeMillis() / 1000;
        Window w = windows.get(key);
        Window next = w == null || w.second() != sec ? new Window(sec, 1) : new Window(sec, w.count() + 1);
        windows.put(key, next);
        return next.count() > limit;
    }
}
