package io.camelchat.benchmarks.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The side-by-side runner of every benchmark: {@code bench.warmupReps} + {@code bench.reps} repetitions, each running
 * every client once (the order alternating from one repetition to the next), the warm-up repetitions discarded. A
 * measurement marks its phases with {@link #begin(String)} and {@link Sample#end(long, long)}; each phase records the
 * client's own CPU time ({@link ThreadCpu}), the simulator's, the whole process's, GC and JIT time, events/s and
 * latencies. At the end {@link Report} prints the medians, the ratios of every {@code camel*} client to every other
 * client (paired per repetition) and the goals.
 */
public final class Harness {

    /** Measures one client once (starts it, runs its phases, stops it). */
    @FunctionalInterface
    public interface Measurement {
        void measure(String client, Harness harness) throws Exception;
    }

    /** What a goal bounds. */
    public enum Metric {
        /** events/s of the subject / the reference's: at least the bound. */
        RATE,
        /** client CPU per event of the subject / the reference's: at most the bound. */
        CPU,
        /** p99 latency of the subject, ms: at most the bound (no reference). */
        P99_MS
    }

    /** A goal of the benchmark; {@code subject} and {@code reference} are client names. */
    public record Goal(String phase, Metric metric, String subject, String reference, double bound) {
    }

    private final String title;
    private final Class<?> mainClass;
    private final ThreadCpu cpu;
    private final int reps = BenchOptions.integer("reps", 3);
    private final int warmupReps = BenchOptions.integer("warmupReps", 2);
    private final boolean profile = BenchOptions.flag("profile");
    private final List<String> lines = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private Predicate<String> subjects = name -> name.startsWith("camel");
    private String client;
    private int repetition;

    private Harness(String title, Class<?> mainClass) {
        this.cpu = new ThreadCpu();
        this.title = title;
        this.mainClass = mainClass;
    }

    /** Call first in {@code main}: the threads alive now are taken as the JVM's own. */
    public static Harness create(String title, Class<?> mainClass) {
        return new Harness(title, mainClass);
    }

    /** A line printed under the title and in the report (what the clients are, what a phase measures). */
    public Harness describe(String line) {
        lines.add(line);
        return this;
    }

    public Harness goal(String phase, Metric metric, String subject, String reference, double bound) {
        goals.add(new Goal(phase, metric, subject, reference, bound));
        return this;
    }

    /** Which clients are compared with the others (default: names starting with {@code camel}). */
    public Harness subjects(Predicate<String> isSubject) {
        this.subjects = isSubject;
        return this;
    }

    public ThreadCpu cpu() {
        return cpu;
    }

    /** Whether the current repetition is counted. */
    public boolean counted() {
        return repetition > warmupReps;
    }

    /** Begins a phase of the client being measured: a CPU snapshot now. */
    public Sample begin(String phase) {
        Sample s = new Sample(phase, client, repetition, cpu);
        synchronized (samples) {
            samples.add(s);
        }
        return s;
    }

    /** A thread of the harness (a pusher), never counted as the client's. */
    public Thread harnessThread(String name, Runnable task) {
        Thread t = new Thread(task, ThreadCpu.HARNESS_PREFIX + name);
        t.setDaemon(true);
        return t;
    }

    /** Runs every repetition; prints each measurement, then the report. */
    public void run(List<String> clients, Measurement measurement) {
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s%n  %d (+%d warm-up) repetitions x clients %s; %d CPUs; Java %s; %s%n", title,
                reps, warmupReps, clients, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Instant.now());
        lines.forEach(l -> System.out.println("  " + l));
        System.out.println("  command: " + BenchOptions.command(mainClass));
        for (repetition = 1; repetition <= warmupReps + reps; repetition++) {
            System.out.printf("-- repetition %d of %d%s%n", repetition, warmupReps + reps,
                    counted() ? "" : " (warm-up, not counted)");
            List<String> order = new ArrayList<>(clients);
            if (repetition % 2 == 0) {
                Collections.reverse(order);
            }
            for (String name : order) {
                client = name;
                int before = samples.size();
                try {
                    System.gc();
                    measurement.measure(name, this);
                } catch (Exception e) {
                    System.out.println("   !! " + name + " failed: " + e);
                    e.printStackTrace(System.out);
                }
                for (Sample s : List.copyOf(samples.subList(before, samples.size()))) {
                    if (s.cpu() == null) {
                        samples.remove(s); // never ended
                    } else {
                        Report.line(s, profile);
                    }
                }
            }
        }
        List<Sample> kept = samples.stream().filter(s -> s.repetition() > warmupReps).toList();
        new Report(title, mainClass, lines, clients, subjects, goals, kept, reps).print(System.nanoTime() - t0);
    }

    /**
     * Ends the program: clients (official SDKs) may leave non-daemon threads behind, which would keep
     * {@code exec:java} waiting forever.
     */
    public static void exit() {
        System.out.flush();
        System.exit(0);
    }
}
