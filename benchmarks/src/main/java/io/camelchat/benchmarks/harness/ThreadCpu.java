package io.camelchat.benchmarks.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.camelchat.simulator.common.SimThreads;

/**
 * CPU time per owner of a thread, from {@link ThreadMXBean#getThreadCpuTime(long[])}:
 * <ul>
 * <li>{@link Owner#SIMULATOR}: threads named {@link SimThreads#PREFIX} (every simulator thread);</li>
 * <li>{@link Owner#HARNESS}: the harness's own threads (named {@link #HARNESS_PREFIX}, or {@link #markHarness()}ed:
 * the main thread, the pushers);</li>
 * <li>{@link Owner#JVM}: threads alive before the benchmark started (the JVM's and Maven's own);</li>
 * <li>{@link Owner#CLIENT}: every other thread, which is the client's (its I/O, worker and timer threads, the
 * sending threads of a producer benchmark, named {@link #CLIENT_PREFIX}).</li>
 * </ul>
 * JIT compiler and GC threads are not Java threads and are in none of them: their work is in the process CPU time
 * and in the collection and compilation times, reported separately. A thread that ends between two snapshots loses
 * its CPU time since the first one (counted in {@link CpuUsage#endedThreads()}).
 */
public final class ThreadCpu {

    /** Threads of the harness (pushers, timers): never counted as the client's. */
    public static final String HARNESS_PREFIX = "bench-harness-";
    /** Threads the harness starts to run a client's code (senders): counted as the client's. */
    public static final String CLIENT_PREFIX = "bench-client-";

    /** Who a thread works for. */
    public enum Owner {
        CLIENT, SIMULATOR, HARNESS, JVM
    }

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();

    private final Set<Long> baseline = new HashSet<>();
    private final Set<Long> harness = ConcurrentHashMap.newKeySet();

    /** Takes the threads alive now as the JVM's own; call first thing in {@code main}. */
    public ThreadCpu() {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        for (long id : THREADS.getAllThreadIds()) {
            baseline.add(id);
        }
        baseline.remove(Thread.currentThread().getId());
        markHarness();
    }

    /** The calling thread is the harness's (its CPU time is never the client's). */
    public void markHarness() {
        harness.add(Thread.currentThread().getId());
    }

    Owner owner(long id, String name) {
        if (SimThreads.isSimulatorThread(name)) {
            return Owner.SIMULATOR;
        }
        if (harness.contains(id) || name.startsWith(HARNESS_PREFIX)) {
            return Owner.HARNESS;
        }
        if (baseline.contains(id)) {
            return Owner.JVM;
        }
        return Owner.CLIENT;
    }

    /** One thread at a snapshot. */
    record ThreadSample(String name, Owner owner, long cpuNanos) {
    }

    /** CPU times at one instant. */
    public record Snapshot(long nanoTime, Map<Long, ThreadSample> threads, long processCpuNanos, long gcCount,
            long gcMillis, long jitMillis) {
    }

    /** The CPU times now. */
    public Snapshot snapshot() {
        long[] ids = THREADS.getAllThreadIds();
        long[] cpu = THREADS.getThreadCpuTime(ids);
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        Map<Long, ThreadSample> threads = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) {
                threads.put(ids[i], new ThreadSample(infos[i].getThreadName(), owner(ids[i], infos[i].getThreadName()),
                        cpu[i]));
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new Snapshot(System.nanoTime(), threads, OS.getProcessCpuTime(), gcCount, gcMillis, jitMillis);
    }

    /** What was spent between two snapshots. */
    public CpuUsage between(Snapshot a, Snapshot b) {
        long[] byOwner = new long[Owner.values().length];
        Map<String, Long> clientGroups = new HashMap<>();
        int busy = 0;
        int alive = 0;
        for (Map.Entry<Long, ThreadSample> e : b.threads().entrySet()) {
            ThreadSample s = e.getValue();
            ThreadSample before = a.threads().get(e.getKey());
            long d = s.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            byOwner[s.owner().ordinal()] += d;
            if (s.owner() == Owner.CLIENT) {
                alive++;
                if (d > 0) {
                    busy++;
                    clientGroups.merge(s.name().replaceAll("[0-9]+", "N"), d, Long::sum);
                }
            }
        }
        int ended = 0;
        for (Long id : a.threads().keySet()) {
            if (!b.threads().containsKey(id) && a.threads().get(id).owner() == Owner.CLIENT) {
                ended++;
            }
        }
        return new CpuUsage(byOwner[Owner.CLIENT.ordinal()], byOwner[Owner.SIMULATOR.ordinal()],
                byOwner[Owner.HARNESS.ordinal()], byOwner[Owner.JVM.ordinal()],
                b.processCpuNanos() - a.processCpuNanos(), b.gcCount() - a.gcCount(), b.gcMillis() - a.gcMillis(),
                b.jitMillis() - a.jitMillis(), busy, alive, ended, clientGroups, b.nanoTime() - a.nanoTime());
    }
}
