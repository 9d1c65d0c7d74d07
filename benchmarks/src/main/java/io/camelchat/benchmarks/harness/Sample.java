package io.camelchat.benchmarks.harness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One phase of one client in one repetition: begun with {@link Harness#begin(String)} (a CPU snapshot), ended with
 * {@link #end(long, long)} (another one), then given its latencies, losses and notes.
 */
public final class Sample {

    private final String phase;
    private final String client;
    private final int repetition;
    private final ThreadCpu cpu;
    private final ThreadCpu.Snapshot start;
    private CpuUsage usage;
    private long events;
    private long spanNanos;
    private long lost;
    private long[] latencyNanos = new long[0];
    private final Map<String, Double> notes = new LinkedHashMap<>();

    Sample(String phase, String client, int repetition, ThreadCpu cpu) {
        this.phase = phase;
        this.client = client;
        this.repetition = repetition;
        this.cpu = cpu;
        this.start = cpu.snapshot();
    }

    /**
     * Ends the phase: takes the CPU snapshot now.
     *
     * @param events    events (or sends) completed in the phase
     * @param spanNanos the time they took (the denominator of events/s; {@code <= 0}: since {@code begin})
     */
    public Sample end(long events, long spanNanos) {
        ThreadCpu.Snapshot end = cpu.snapshot();
        this.usage = cpu.between(start, end);
        this.events = events;
        this.spanNanos = spanNanos > 0 ? spanNanos : end.nanoTime() - start.nanoTime();
        return this;
    }

    /** Latency of each event, nanoseconds (any order). */
    public Sample latencies(long[] nanos) {
        this.latencyNanos = nanos.clone();
        Arrays.sort(this.latencyNanos);
        return this;
    }

    /** Events expected and never completed. */
    public Sample lost(long n) {
        this.lost = n;
        return this;
    }

    /** A figure of this benchmark's own (printed as a column, median over repetitions). */
    public Sample note(String name, double value) {
        notes.put(name, value);
        return this;
    }

    /** The instant {@code begin} took its snapshot ({@link System#nanoTime()}). */
    public long startNanos() {
        return start.nanoTime();
    }

    public String phase() {
        return phase;
    }

    public String client() {
        return client;
    }

    public int repetition() {
        return repetition;
    }

    public CpuUsage cpu() {
        return usage;
    }

    public long events() {
        return events;
    }

    public long lost() {
        return lost;
    }

    public long[] latencyNanos() {
        return latencyNanos;
    }

    public Map<String, Double> notes() {
        return notes;
    }

    public double eventsPerSecond() {
        return events / (spanNanos / 1e9);
    }

    /** The client's own CPU time per event, microseconds. */
    public double clientMicros() {
        return usage.clientNanos() / 1e3 / Math.max(1, events);
    }

    public double simulatorMicros() {
        return usage.simulatorNanos() / 1e3 / Math.max(1, events);
    }

    public double processMicros() {
        return usage.processNanos() / 1e3 / Math.max(1, events);
    }

    /** Percentile {@code p} (0..1) of the latencies, milliseconds; NaN without latencies. */
    public double latencyMs(double p) {
        return Stats.percentile(latencyNanos, p) / 1e6;
    }
}
