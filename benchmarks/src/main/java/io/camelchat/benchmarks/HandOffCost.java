package io.camelchat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU one hand-off between threads costs on this machine: two threads pass a turn back and forth, each doing
 * {@code bench.workMicros} of busy work per turn, so the other one is parked and must be woken every time (as the
 * calling thread, the HTTP client's I/O thread and a pool thread are for an asynchronous send). Prints, per
 * repetition, the CPU of both threads beyond the busy work, per hand-off. Arguments: none; options
 * {@code bench.handOffs} (20000) and {@code bench.workMicros} (20).
 */
public final class HandOffCost {

    private static volatile int turn;

    private HandOffCost() {
    }

    public static void main(String[] args) throws InterruptedException {
        int handOffs = Integer.getInteger("bench.handOffs", 20_000);
        long workNanos = Integer.getInteger("bench.workMicros", 20) * 1000L;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int rep = 1; rep <= 4; rep++) {
            long[] cpu = new long[2];
            Thread[] threads = new Thread[2];
            turn = 0;
            for (int i = 0; i < 2; i++) {
                int me = i;
                threads[i] = new Thread(() -> {
                    long start = mx.getCurrentThreadCpuTime();
                    for (int k = 0; k < handOffs / 2; k++) {
                        while (turn != me) {
                            LockSupport.park();
                        }
                        long end = System.nanoTime() + workNanos;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                        turn = 1 - me;
                        LockSupport.unpark(threads[1 - me]);
                    }
                    cpu[me] = mx.getCurrentThreadCpuTime() - start;
                }, "hand-off-" + i);
            }
            long wall = System.nanoTime();
            threads[0].start();
            threads[1].start();
            threads[0].join();
            threads[1].join();
            wall = System.nanoTime() - wall;
            double perHandOff = (cpu[0] + cpu[1]) / 1000.0 / handOffs - workNanos / 1000.0;
            System.out.printf("repetition %d: CPU per hand-off beyond the work %.1f us (wall per hand-off %.1f us)%n",
                    rep, perHandOff, wall / 1000.0 / handOffs);
        }
    }
}
