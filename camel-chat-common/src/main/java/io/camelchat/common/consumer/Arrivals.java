package io.camelchat.common.consumer;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.metrics.ChatMetrics;

/**
 * The events a consumer received: when the last one came, and the ids of the last ones (a bounded set, oldest dropped
 * first), so that an event that arrives again is counted as redelivered.
 * <p>
 * The ids are kept as 64-bit fingerprints in two arrays (a ring in arrival order and an open-addressing table), not
 * as strings in a linked map: the check runs for every event on the consumer's thread, and the arrays stay small
 * enough for the processor's cache where ten thousand map entries do not. Two ids with the same fingerprint (about
 * one chance in 10^15 among the ids remembered) would count one event as redelivered too many: the set only feeds a
 * metric.
 */
final class Arrivals {

    static final int REMEMBERED_IDS = 10_000;
    /** A power of two above twice {@link #REMEMBERED_IDS}: the table stays under half full. */
    private static final int SLOTS = 1 << 15;
    private static final int MASK = SLOTS - 1;
    /** Marks a free slot of the table; a fingerprint equal to it is changed to {@link #SUBSTITUTE}. */
    private static final long FREE = 0L;
    private static final long SUBSTITUTE = 0x9E3779B97F4A7C15L;

    /** The fingerprints of the remembered ids, oldest at {@code next} once the ring is full. */
    private final long[] ring = new long[REMEMBERED_IDS];
    /** The same fingerprints by value (linear probing; removal shifts the following ones back). */
    private final long[] table = new long[SLOTS];
    private int next;
    private int size;
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

    /** Whether {@code id} is among the ids remembered; an id not remembered yet is remembered as the newest. */
    synchronized boolean seenBefore(String id) {
        long f = fingerprint(id);
        int slot = find(f);
        if (table[slot] == f) {
            return true;
        }
        if (size == REMEMBERED_IDS) {
            remove(ring[next]);
            size--;
        }
        table[find(f)] = f;
        ring[next] = f;
        next = next + 1 == REMEMBERED_IDS ? 0 : next + 1;
        size++;
        return false;
    }

    /** The slot that holds {@code f}, else the free slot where it would go. */
    private int find(long f) {
        int slot = (int) (f ^ (f >>> 32)) & MASK;
        while (table[slot] != FREE && table[slot] != f) {
            slot = (slot + 1) & MASK;
        }
        return slot;
    }

    /** Removes {@code f} from the table, moving back the fingerprints after it that probed past its slot. */
    private void remove(long f) {
        int hole = find(f);
        if (table[hole] != f) {
            return;
        }
        int slot = hole;
        while (true) {
            slot = (slot + 1) & MASK;
            long g = table[slot];
            if (g == FREE) {
                break;
            }
            int home = (int) (g ^ (g >>> 32)) & MASK;
            // g may fill the hole when its home is not in (hole, slot] (cyclically)
            boolean between = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
            if (!between) {
                table[hole] = g;
                hole = slot;
            }
        }
        table[hole] = FREE;
    }

    /** A 64-bit hash of the id's characters (FNV-1a, then mixed). */
    static long fingerprint(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == FREE ? SUBSTITUTE : h;
    }

    /** When the last event came, epoch milliseconds (0: none yet). */
    long lastAt() {
        return lastAt;
    }
}
