package io.camelchat.benchmarks.harness;

import java.util.Map;

/**
 * CPU spent between two {@link ThreadCpu} snapshots.
 *
 * @param clientNanos     the client's threads
 * @param simulatorNanos  the simulator's threads
 * @param harnessNanos    the harness's threads (pushers, the main thread)
 * @param jvmNanos        threads alive before the benchmark started
 * @param processNanos    the whole process (all of the above, plus GC and JIT compiler threads)
 * @param gcCount         collections
 * @param gcMillis        time of those collections
 * @param jitMillis       JIT compilation time
 * @param clientThreads   the client's threads that used CPU time
 * @param clientAlive     the client's threads alive at the end
 * @param endedThreads    the client's threads that ended in between (their last CPU time is missing)
 * @param clientGroups    the client's CPU time per thread name (digits replaced by N)
 * @param wallNanos       wall-clock time between the snapshots
 */
public record CpuUsage(long clientNanos, long simulatorNanos, long harnessNanos, long jvmNanos, long processNanos,
        long gcCount, long gcMillis, long jitMillis, int clientThreads, int clientAlive, int endedThreads,
        Map<String, Long> clientGroups, long wallNanos) {
}
