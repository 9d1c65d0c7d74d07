package io.camelchat.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Prints the figures of a run: per phase and client the medians, then the paired ratios and the goals. */
final class Report {

    private final String title;
    private final Class<?> mainClass;
    private final List<String> lines;
    private final List<String> clients;
    private final Predicate<String> subjects;
    private final List<Harness.Goal> goals;
    private final List<Sample> samples;
    private final int reps;

    Report(String title, Class<?> mainClass, List<String> lines, List<String> clients, Predicate<String> subjects,
           List<Harness.Goal> goals, List<Sample> samples, int reps) {
        this.title = title;
        this.mainClass = mainClass;
        this.lines = lines;
        this.clients = clients;
        this.subjects = subjects;
        this.goals = goals;
        this.samples = samples;
        this.reps = reps;
    }

    /** The line printed right after a measurement. */
    static void line(Sample s, boolean profile) {
        CpuUsage c = s.cpu();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "   %-14s %-18s %,9.0f ev/s  client %7.2f us/ev (%d threads)  sim %6.2f  JVM %6.2f us/ev  GC %d/%d ms"
                                                                       + "  JIT %d ms",
                s.client(), s.phase(), s.eventsPerSecond(), s.clientMicros(), c.clientThreads(), s.simulatorMicros(),
                s.processMicros(), c.gcCount(), c.gcMillis(), c.jitMillis()));
        if (s.latencyNanos().length > 0) {
            b.append(String.format(Locale.ROOT, "  p50 %.3f p99 %.3f ms", s.latencyMs(0.5), s.latencyMs(0.99)));
        }
        s.notes().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s %,.1f", k, v)));
        if (s.lost() > 0) {
            b.append("  LOST ").append(s.lost());
        }
        if (c.endedThreads() > 0) {
            b.append("  (").append(c.endedThreads()).append(" client threads ended)");
        }
        System.out.println(b);
        if (profile) {
            c.clientGroups().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8).forEach(e -> System.out.printf(Locale.ROOT, "      %-60s %8.1f ms%n", e.getKey(),
                            e.getValue() / 1e6));
        }
    }

    void print(long elapsedNanos) {
        System.out.printf(Locale.ROOT, "%n== %s: results (%d counted repetitions, run %.0f s)%n", title, reps,
                elapsedNanos / 1e9);
        lines.forEach(l -> System.out.println("  " + l));
        System.out.println("  command: " + BenchOptions.command(mainClass));
        System.out.println("  medians over repetitions (min - max); client CPU = the client's threads only"
                           + " (ThreadMXBean), sim = the simulator's threads, JVM = the whole process (GC, JIT,"
                           + " simulator, harness included); latency percentiles over all repetitions' samples");
        for (String phase : phases()) {
            System.out.printf(Locale.ROOT, "%n  phase %s%n", phase);
            System.out.printf(Locale.ROOT, "  %-16s %10s %19s %10s %17s %7s %7s %6s %6s %5s %8s %8s %8s %6s%s%n",
                    "client", "events/s", "(min - max)", "client us", "(min - max)", "sim us", "JVM us", "GC ms",
                    "JIT ms", "thr", "p50 ms", "p99 ms", "p99.9 ms", "lost", noteHeader(phase));
            for (String client : clients) {
                List<Sample> s = of(phase, client);
                if (s.isEmpty()) {
                    continue;
                }
                double[] rate = values(s, Sample::eventsPerSecond);
                double[] cpu = values(s, Sample::clientMicros);
                long[] lat = s.stream().flatMapToLong(x -> Arrays.stream(x.latencyNanos())).sorted().toArray();
                StringBuilder notes = new StringBuilder();
                for (String n : noteNames(phase)) {
                    notes.append(String.format(Locale.ROOT, " %12.1f",
                            Stats.median(values(s, x -> x.notes().getOrDefault(n, Double.NaN)))));
                }
                System.out.printf(Locale.ROOT,
                        "  %-16s %,10.0f (%,7.0f - %,7.0f) %10.2f (%6.2f - %6.2f) %7.2f %7.2f %6.0f %6.0f %5.0f"
                                               + " %8.3f %8.3f %8.3f %6d%s%n",
                        client, Stats.median(rate), Stats.min(rate), Stats.max(rate), Stats.median(cpu),
                        Stats.min(cpu), Stats.max(cpu), Stats.median(values(s, Sample::simulatorMicros)),
                        Stats.median(values(s, Sample::processMicros)),
                        Stats.median(values(s, x -> x.cpu().gcMillis())),
                        Stats.median(values(s, x -> x.cpu().jitMillis())),
                        Stats.median(values(s, x -> x.cpu().clientThreads())), Stats.percentile(lat, 0.5) / 1e6,
                        Stats.percentile(lat, 0.99) / 1e6, Stats.percentile(lat, 0.999) / 1e6,
                        s.stream().mapToLong(Sample::lost).sum(), notes);
            }
            ratios(phase);
        }
        if (!goals.isEmpty()) {
            System.out.printf(Locale.ROOT, "%n  goals%n");
            for (Harness.Goal g : goals) {
                goal(g);
            }
        }
        System.out.println();
    }

    private void ratios(String phase) {
        boolean header = false;
        for (String subject : clients) {
            if (!subjects.test(subject) || of(phase, subject).isEmpty()) {
                continue;
            }
            for (String reference : clients) {
                if (subjects.test(reference) || of(phase, reference).isEmpty()) {
                    continue;
                }
                if (!header) {
                    System.out.printf(Locale.ROOT,
                            "  ratios, paired per repetition (median [min - max]): events/s higher is better,"
                                                   + " client CPU per event lower is better%n");
                    header = true;
                }
                double[] rate = paired(phase, subject, reference, Sample::eventsPerSecond);
                double[] cpu = paired(phase, subject, reference, Sample::clientMicros);
                System.out.printf(Locale.ROOT,
                        "    %-14s / %-12s events/s %5.2f [%4.2f - %4.2f]   client CPU/event %5.2f [%4.2f - %4.2f]"
                                               + "   p99 %5.2f%n",
                        subject, reference, Stats.median(rate), Stats.min(rate), Stats.max(rate), Stats.median(cpu),
                        Stats.min(cpu), Stats.max(cpu), p99(phase, subject) / p99(phase, reference));
            }
        }
    }

    private void goal(Harness.Goal g) {
        double value;
        String what;
        switch (g.metric()) {
            case RATE -> {
                value = Stats.median(paired(g.phase(), g.subject(), g.reference(), Sample::eventsPerSecond));
                what = String.format(Locale.ROOT, "events/s %s / %s >= %.2f", g.subject(), g.reference(), g.bound());
            }
            case CPU -> {
                value = Stats.median(paired(g.phase(), g.subject(), g.reference(), Sample::clientMicros));
                what = String.format(Locale.ROOT, "client CPU/event %s / %s <= %.2f", g.subject(), g.reference(),
                        g.bound());
            }
            default -> {
                value = p99(g.phase(), g.subject());
                what = String.format(Locale.ROOT, "p99 of %s < %.2f ms", g.subject(), g.bound());
            }
        }
        boolean met = g.metric() == Harness.Metric.RATE ? value >= g.bound() : value <= g.bound();
        System.out.printf(Locale.ROOT, "    %-8s %-20s %-55s %7.2f%n",
                Double.isNaN(value) ? "n/a" : met ? "met" : "MISSED",
                g.phase(), what, value);
    }

    private double p99(String phase, String client) {
        return Stats.percentile(of(phase, client).stream().flatMapToLong(x -> Arrays.stream(x.latencyNanos()))
                .sorted().toArray(), 0.99) / 1e6;
    }

    /** subject / reference per repetition in which both were measured. */
    private double[] paired(String phase, String subject, String reference, ToDoubleFunction<Sample> f) {
        List<Double> out = new ArrayList<>();
        for (Sample s : of(phase, subject)) {
            for (Sample r : of(phase, reference)) {
                if (r.repetition() == s.repetition()) {
                    out.add(f.applyAsDouble(s) / f.applyAsDouble(r));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private Set<String> phases() {
        Set<String> out = new LinkedHashSet<>();
        samples.forEach(s -> out.add(s.phase()));
        return out;
    }

    private Set<String> noteNames(String phase) {
        Set<String> out = new LinkedHashSet<>();
        samples.stream().filter(s -> s.phase().equals(phase)).forEach(s -> out.addAll(s.notes().keySet()));
        return out;
    }

    private String noteHeader(String phase) {
        StringBuilder b = new StringBuilder();
        noteNames(phase).forEach(n -> b.append(String.format(Locale.ROOT, " %12s", n)));
        return b.toString();
    }

    private List<Sample> of(String phase, String client) {
        return samples.stream().filter(s -> s.phase().equals(phase) && Objects.equals(s.client(), client)).toList();
    }

    private static double[] values(List<Sample> s, ToDoubleFunction<Sample> f) {
        return s.stream().mapToDouble(f).toArray();
    }
}
