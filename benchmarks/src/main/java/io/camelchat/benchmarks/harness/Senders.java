package io.camelchat.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Producer phases: a closed loop of {@code concurrency} sending threads (each sends its next call once the previous
 * one was answered), or one thread keeping a number of asynchronous sends in flight. The sending threads are named
 * {@link ThreadCpu#CLIENT_PREFIX}: the producer runs on them, so their CPU time is the client's.
 */
public final class Senders {

    /** One blocking send; an exception counts as a failed send. */
    @FunctionalInterface
    public interface Send {
        void send(int thread, long n) throws Exception;
    }

    /** One asynchronous send. */
    @FunctionalInterface
    public interface AsyncSend {
        CompletionStage<?> send(long n) throws Exception;
    }

    private Senders() {
    }

    /**
     * {@code concurrency} threads send for {@code warmup} (not counted), then for {@code window}: the phase counts the
     * sends that completed in the window, their latencies, and the client's CPU over the window.
     */
    public static Sample closedLoop(Harness h, String phase, int concurrency, Duration warmup, Duration window,
                                    Send send)
            throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        // 0 warm-up, 1 measuring, 2 stop
        AtomicLongArray state = new AtomicLongArray(1);
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        // the senders stay alive until the phase's end snapshot: a thread that ended takes its CPU time with it
        CountDownLatch release = new CountDownLatch(1);
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            long[] lat = new long[1 << 16];
            latencies.add(lat);
            Thread th = new Thread(() -> {
                long[] mine = lat;
                int n = 0;
                try {
                    while (state.get(0) < 2) {
                        long s = System.nanoTime();
                        boolean measuring = state.get(0) == 1;
                        try {
                            send.send(thread, seq.incrementAndGet());
                        } catch (Exception e) {
                            if (measuring) {
                                failed.incrementAndGet();
                            }
                            continue;
                        }
                        if (measuring && state.get(0) == 1) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                                latencies.set(thread, mine);
                            }
                            mine[n++] = System.nanoTime() - s;
                        }
                    }
                } finally {
                    counts[thread] = n;
                    done.countDown();
                    awaitQuietly(release);
                }
            }, ThreadCpu.CLIENT_PREFIX + "sender-" + t);
            th.setDaemon(true);
            th.start();
        }
        TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
        Sample sample = h.begin(phase);
        state.set(0, 1);
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        state.set(0, 2);
        long span = System.nanoTime() - sample.startNanos();
        long sent = 0;
        done.await(60, TimeUnit.SECONDS);
        for (int c : counts) {
            sent += c;
        }
        sample.end(sent, span);
        release.countDown();
        long[] all = new long[(int) sent];
        int at = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        return sample.latencies(all).lost(failed.get());
    }

    /**
     * One client thread issues {@code total} asynchronous sends, at most {@code inFlight} at a time; the phase ends when
     * every one completed. The client's threads that used CPU time are in {@link CpuUsage#clientThreads()}.
     */
    public static Sample inFlight(Harness h, String phase, int inFlight, int total, AsyncSend send)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong failed = new AtomicLong();
        long[] lat = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        CountDownLatch release = new CountDownLatch(1);
        Sample sample = h.begin(phase);
        Thread issuer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                int n = i;
                try {
                    permits.acquire();
                    long s = System.nanoTime();
                    send.send(n).whenComplete((r, e) -> {
                        lat[n] = System.nanoTime() - s;
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                        permits.release();
                        done.countDown();
                    });
                } catch (Exception e) {
                    failed.incrementAndGet();
                    permits.release();
                    done.countDown();
                }
            }
            awaitQuietly(release); // alive until the end snapshot
        }, ThreadCpu.CLIENT_PREFIX + "issuer");
        issuer.setDaemon(true);
        issuer.start();
        done.await(120, TimeUnit.SECONDS);
        sample.end(total - done.getCount() - failed.get(), 0);
        release.countDown();
        return sample.latencies(lat).lost(failed.get() + done.getCount()).note("in flight", inFlight);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
