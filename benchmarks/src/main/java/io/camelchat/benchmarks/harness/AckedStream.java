package io.camelchat.benchmarks.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The phases of a stream benchmark whose simulator records every acknowledgement with its arrival time (DingTalk,
 * Lark): a backlog pushed as fast as the simulator takes it (events/s = acknowledged / (last acknowledgement - first
 * push)), and events paced at a fixed rate (latency = the simulator's arrival time of the acknowledgement - the
 * instant just before the push, so it holds the client's read, routing and answer).
 */
public abstract class AckedStream {

    private static final Duration STALL = BenchOptions.seconds("stallSeconds", 10);
    private static final Duration PHASE_TIMEOUT = BenchOptions.seconds("phaseTimeoutSeconds", 120);

    /** Pushes {@code count} events at once; their ids in push order. */
    protected abstract List<String> pushBacklog(int count);

    /** Pushes one event; its id. */
    protected abstract String pushOne();

    /** Whether the simulator holds a successful acknowledgement of the event. */
    protected abstract boolean acknowledged(String id);

    /** A position before a phase's pushes (e.g. the simulator's next sequence number). */
    protected abstract long mark();

    /**
     * The arrival instant of the first successful acknowledgement of each of the {@code n} events pushed after
     * {@code mark}, in push order ({@code null}: none).
     */
    protected abstract Instant[] acknowledgedAt(long mark, int n);

    /** Pushes a backlog of {@code n} and waits until it is acknowledged, without recording anything. */
    public void warmUp(int n) {
        Pushed p = push(n, 0);
        p.await();
    }

    /** A backlog phase: {@code n} events pushed as fast as the simulator takes them. */
    public Sample backlog(Harness h, String phase, int n) {
        Sample s = h.begin(phase);
        Pushed p = push(n, 0);
        p.await();
        return p.finish(s, false);
    }

    /** A paced phase: {@code n} events at {@code perSecond}; latencies recorded. */
    public Sample paced(Harness h, String phase, int n, int perSecond) {
        Sample s = h.begin(phase);
        Pushed p = push(n, perSecond);
        p.await();
        return p.finish(s, true);
    }

    private Pushed push(int n, int perSecond) {
        Pushed p = new Pushed(mark(), n);
        long start = System.nanoTime();
        if (perSecond <= 0) {
            int batch = 1000;
            for (int from = 0; from < n; from += batch) {
                int count = Math.min(batch, n - from);
                Instant at = Instant.now();
                List<String> ids = pushBacklog(count);
                for (int i = 0; i < count; i++) {
                    p.ids[from + i] = ids.get(i);
                    p.pushedAt[from + i] = at;
                }
            }
        } else {
            long interval = 1_000_000_000L / perSecond;
            for (int i = 0; i < n; i++) {
                Await.pace(start + i * interval);
                p.pushedAt[i] = Instant.now();
                p.ids[i] = pushOne();
            }
        }
        p.pushNanos = System.nanoTime() - start;
        return p;
    }

    private final class Pushed {
        final long mark;
        final String[] ids;
        final Instant[] pushedAt;
        long pushNanos;

        Pushed(long mark, int n) {
            this.mark = mark;
            this.ids = new String[n];
            this.pushedAt = new Instant[n];
        }

        /** Walks a cursor over the ids until every one is acknowledged, or no progress for {@code STALL}. */
        void await() {
            int[] cursor = new int[1];
            Await.progress(() -> {
                while (cursor[0] < ids.length && acknowledged(ids[cursor[0]])) {
                    cursor[0]++;
                }
                return cursor[0];
            }, ids.length, STALL, PHASE_TIMEOUT);
        }

        Sample finish(Sample s, boolean latencies) {
            Instant[] acked = acknowledgedAt(mark, ids.length);
            long[] lat = new long[ids.length];
            int n = 0;
            Instant last = pushedAt[0];
            for (int i = 0; i < ids.length; i++) {
                if (acked[i] != null) {
                    lat[n++] = Duration.between(pushedAt[i], acked[i]).toNanos();
                    if (acked[i].isAfter(last)) {
                        last = acked[i];
                    }
                }
            }
            s.end(n, Duration.between(pushedAt[0], last).toNanos());
            s.lost(ids.length - n).note("push/s", ids.length / (pushNanos / 1e9));
            return latencies ? s.latencies(Arrays.copyOf(lat, n)) : s;
        }
    }
}
