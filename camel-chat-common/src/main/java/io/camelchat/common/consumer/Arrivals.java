package io.camelchat.common.consumer;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.metrics.ChatMetrics;

/**
 * The events a consumer received: when the last one came, and the ids of the last ones (a bounded set, oldest dropped
 * first), so that an event that arrives again is counted as redelivered.
 */
final class Arrivals {

    private static final int REMEMBERED_IDS = 10_000;

    private final Map<String, Boolean> ids = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private volatile long lastAt;

    /** Notes {@code event} and reports it to {@code metrics} (received, and redelivered when its id came before). */
    void received(ChatEvent event, ChatMetrics metrics) {
        lastAt = System.currentTimeMillis();
        metrics.received();
        Object id = event.headers() == null ? null : event.headers().get(ChatHeaders.MESSAGE_ID);
        if (id != null && seenBefore(id.toString())) {
            metrics.redelivered();
        }
    }

    private synchronized boolean seenBefore(String id) {
        return ids.put(id, Boolean.TRUE) != null;
    }

    /** When the last event came, epoch milliseconds (0: none yet). */
    long lastAt() {
        return lastAt;
    }
}
