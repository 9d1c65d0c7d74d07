package io.camelchat.common.consumer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last ids a consumer saw (a bounded set, oldest dropped first), to tell a redelivered event from a new one. */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers {@code id}; true when it was seen before. */
    synchronized boolean seenBefore(String id) {
        return id != null && ids.put(id, Boolean.TRUE) != null;
    }
}
