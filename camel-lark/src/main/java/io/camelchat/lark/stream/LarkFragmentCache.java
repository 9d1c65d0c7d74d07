package io.camelchat.lark.stream;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reassembles payloads Lark split over several data frames ({@code sum > 1}), keyed by the frames' {@code message_id}.
 * Fragments may come in any order; a fragment sent twice replaces the first copy; a set is complete when every index
 * {@code 0..sum-1} holds a fragment. Incomplete sets expire (default 5 minutes after their last fragment, as the Java
 * SDK) and are dropped - Lark delivers the event again - and the bytes held at once are bounded: when a fragment would
 * exceed the bound, the oldest sets are dropped first. Thread-safe.
 */
public final class LarkFragmentCache {

    /** More fragments than this make a frame bad: a bogus sum must not allocate a huge slot array. */
    public static final int MAX_FRAGMENTS = 10_000;

    private final long expiryNanos;
    private final long maxBytes;
    private final LongSupplier clock;
    // access order: the eldest entry is the set that received no fragment for the longest time
    private final LinkedHashMap<String, Entry> sets = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long expired;
    private long evicted;

    private static final class Entry {
        final byte[][] parts;
        int present;
        long size;
        long touched;

        Entry(int sum) {
            parts = new byte[sum][];
        }
    }

    public LarkFragmentCache(Duration expiry, long maxBytes) {
        this(expiry, maxBytes, System::nanoTime);
    }

    LarkFragmentCache(Duration expiry, long maxBytes, LongSupplier clock) {
        this.expiryNanos = expiry.toNanos();
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * Adds fragment {@code seq} of {@code sum}.
     *
     * @return the whole payload when this fragment completed its set (the set is then forgotten), else null
     * @throws IllegalArgumentException when {@code seq} is not within {@code 0..sum-1}, {@code sum < 2} or
     *                                  {@code sum > }{@link #MAX_FRAGMENTS}
     */
    public synchronized byte[] add(String messageId, int sum, int seq, byte[] payload) {
        if (sum < 2 || sum > MAX_FRAGMENTS || seq < 0 || seq >= sum) {
            throw new IllegalArgumentException("fragment seq " + seq + " of sum " + sum + " is out of range");
        }
        long now = clock.getAsLong();
        expire(now);
        byte[] part = payload == null ? new byte[0] : payload;
        Entry e = sets.get(messageId);
        if (e != null && e.parts.length != sum) {
            // sent again with another split: start over
            remove(messageId, e);
            e = null;
        }
        if (e == null) {
            e = new Entry(sum);
            sets.put(messageId, e);
        }
        if (e.parts[seq] != null) {
            e.size -= e.parts[seq].length;
            bytes -= e.parts[seq].length;
            e.present--;
        }
        e.parts[seq] = part;
        e.present++;
        e.size += part.length;
        bytes += part.length;
        e.touched = now;
        if (e.present == sum) {
            remove(messageId, e);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, e.size));
            for (byte[] p : e.parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
        // over the bound: drop the oldest sets, this one last
        Iterator<Map.Entry<String, Entry>> it = sets.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            it.remove();
            bytes -= eldest.getValue().size;
            evicted++;
        }
        return null;
    }

    /** Forgets the fragments of a message (e.g. when it arrived again in one piece). */
    public synchronized void discard(String messageId) {
        Entry e = sets.get(messageId);
        if (e != null) {
            remove(messageId, e);
        }
    }

    /** Drops the sets whose last fragment is older than the expiry. */
    public synchronized void expire() {
        expire(clock.getAsLong());
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Entry>> it = sets.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (now - e.touched < expiryNanos) {
                // access order: every later set was touched more recently
                break;
            }
            it.remove();
            bytes -= e.size;
            expired++;
        }
    }

    private void remove(String messageId, Entry e) {
        sets.remove(messageId);
        bytes -= e.size;
    }

    /** Incomplete sets held now. */
    public synchronized int pendingSets() {
        return sets.size();
    }

    /** Bytes of the fragments held now. */
    public synchronized long pendingBytes() {
        return bytes;
    }

    /** Incomplete sets dropped because they expired. */
    public synchronized long expiredSets() {
        return expired;
    }

    /** Incomplete sets dropped to stay within the size bound. */
    public synchronized long evictedSets() {
        return evicted;
    }

    public synchronized void clear() {
        sets.clear();
        bytes = 0;
    }
}
