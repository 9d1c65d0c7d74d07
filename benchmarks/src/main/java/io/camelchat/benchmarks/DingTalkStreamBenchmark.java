package io.camelchat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import com.sun.management.OperatingSystemMXBean;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Side-by-side DingTalk Stream benchmark: one {@link DingTalkSimulator} (TLS on), and in turn, each alone on it,
 * <ol>
 * <li>{@code camel}: {@code from("dingtalk:stream?subscriptions=event").to("log:bench?level=OFF")} with default options
 * ({@code concurrentConsumers=1}, {@code maxInFlight=100});</li>
 * <li>{@code camel-cc4}: the same with {@code concurrentConsumers=4}; {@code camel-cc4-mif1000} also with
 * {@code maxInFlight=1000} (any {@code camel-cc<N>[-mif<M>]} works);</li>
 * <li>{@code official}: the official Java Stream SDK ({@code app-stream-client}) with a {@code GenericEventListener}
 * returning {@code SUCCESS};</li>
 * <li>{@code netty}: a bare Netty websocket client acking on the I/O thread, {@code writeAndFlush} per ack;</li>
 * <li>{@code netty-batch}: the same, one flush per read burst (informational upper bound).</li>
 * </ol>
 * Repetitions are interleaved (every client once per repetition; the first repetition only warms up the JIT). Per
 * client and repetition: connect, warm-up (not counted), a throughput phase (a backlog of N events pushed as fast as
 * the simulator's {@code pushEvent} returns) and a latency phase (events pushed at a fixed, moderate rate). All figures
 * come from the simulator's own records ({@link DingTalkSimulator#acks()}): an event counts when the simulator received
 * a code 200 / SUCCESS ack for it. See {@code benchmarks/README.md}.
 *
 * <p>System properties (defaults): {@code bench.warmup} (3000), {@code bench.events} (20000),
 * {@code bench.latencyEvents} (2000), {@code bench.latencyRate} (1000 events/s), {@code bench.reps} (4),
 * {@code bench.warmupReps} (1), {@code bench.clients} (camel,camel-cc4,camel-cc4-mif1000,official,netty,netty-batch),
 * {@code bench.profile} (false: print the busiest threads of each throughput phase).
 */
public final class DingTalkStreamBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
    private static final int EVENTS = Integer.getInteger("bench.events", 100000);
    private static final int LATENCY_EVENTS = Integer.getInteger("bench.latencyEvents", 2000);
    private static final int LATENCY_RATE = Integer.getInteger("bench.latencyRate", 1000);
    private static final int REPS = Integer.getInteger("bench.reps", 3);
    private static final int WARMUP_REPS = Integer.getInteger("bench.warmupReps", 1);
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    private static final List<String> CLIENTS = List.of(System.getProperty("bench.clients",
            "camel,camel-cc4,official,netty,netty-batch").split(","));
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.phaseTimeoutSeconds", 120));

    private final DingTalkSimulator sim;
    /** Sequence number of the next messageId the simulator creates (only this class makes it create any). */
    private long nextSeq = 1;

    private DingTalkStreamBenchmark(DingTalkSimulator sim) {
        this.sim = sim;
    }

    /** What one client achieved. */
    /** What one client achieved in one repetition. */
    record Rep(double eventsPerSecond, double cpuMicrosPerEvent, long[] latencyNanos) {
    }

    /** All repetitions of one client: median throughput, latency percentiles over the pooled samples. */
    record Result(String client, List<Rep> reps) {
        double eventsPerSecond() {
            return median(reps.stream().mapToDouble(Rep::eventsPerSecond).toArray());
        }

        double minEventsPerSecond() {
            return reps.stream().mapToDouble(Rep::eventsPerSecond).min().orElse(Double.NaN);
        }

        double maxEventsPerSecond() {
            return reps.stream().mapToDouble(Rep::eventsPerSecond).max().orElse(Double.NaN);
        }

        double cpuMicrosPerEvent() {
            return median(reps.stream().mapToDouble(Rep::cpuMicrosPerEvent).toArray());
        }

        double latencyMs(double p) {
            long[] all = reps.stream().flatMapToLong(r -> Arrays.stream(r.latencyNanos())).sorted().toArray();
            return new Stats(all.length, 0, all).percentile(p);
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return s.length == 0 ? Double.NaN
                    : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    /** A client under test. */
    interface Client extends AutoCloseable {
        void start() throws Exception;

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        // before any TLS use: all three clients verify the simulator's localhost certificate via the default trust store
        System.setProperty("javax.net.ssl.trustStore", SimulatorTls.trustStoreFile().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", SimulatorTls.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        System.out.printf(Locale.ROOT,
                "DingTalk Stream benchmark: %d (+%d warm-up) repetitions x clients %s; per repetition warm-up %d,"
                                       + " throughput %d events, latency %d events at %d/s; %d CPUs; Java %s%n",
                REPS, WARMUP_REPS,
                CLIENTS, WARMUP, EVENTS, LATENCY_EVENTS, LATENCY_RATE, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long t0 = System.nanoTime();
        // ack timeout far above any backlog drain time: nothing is redelivered during a measurement
        try (DingTalkSimulator sim = DingTalkSimulator.builder().tls(true).ackTimeout(Duration.ofMinutes(10)).start()) {
            DingTalkStreamBenchmark bench = new DingTalkStreamBenchmark(sim);
            Map<String, List<Rep>> reps = new LinkedHashMap<>();
            // interleaved: each repetition runs every client once, so drift (JIT, other load) spreads over all
            // repetitions 1..WARMUP_REPS only warm up the JIT (on 2 CPUs the compiler threads compete with the clients)
            for (int rep = 1; rep <= WARMUP_REPS + REPS; rep++) {
                boolean counted = rep > WARMUP_REPS;
                System.out.printf("-- repetition %d of %d%s%n", rep, WARMUP_REPS + REPS,
                        counted ? "" : " (warm-up, not counted)");
                for (String name : CLIENTS) {
                    Rep r = bench.measure(name.trim());
                    if (counted) {
                        reps.computeIfAbsent(name.trim(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            if (!sim.protocolErrors().isEmpty()) {
                System.out.println("simulator protocol errors: " + sim.protocolErrors().size() + ", first: "
                                   + sim.protocolErrors().get(0));
            }
            List<Result> results = new ArrayList<>();
            reps.forEach((k, v) -> results.add(new Result(k, v)));
            print(results, (System.nanoTime() - t0) / 1e9);
        }
        // the official SDK leaves non-daemon threads behind after stop(), which would keep exec:java waiting forever
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                .forEach(t -> System.out.println("(non-daemon thread left: " + t.getName() + ")"));
        System.out.flush();
        System.exit(0);
    }

    // ------------------------------------------------------------------ clients

    private Client client(String name) {
        return switch (name) {
            case "camel" -> camel(1);
            case "camel-cc4" -> camel(4);
            case "official" -> official();
            case "netty" -> bare(false);
            case "netty-batch" -> bare(true);
            default -> {
                // for investigations: camel-cc<N>[-mif<M>] = concurrentConsumers N, maxInFlight M
                Matcher m = Pattern.compile("camel-cc(\\d+)(?:-mif(\\d+))?").matcher(name);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unknown client " + name);
                }
                yield camel(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
            }
        };
    }

    private Client camel(int concurrentConsumers) {
        return camel(concurrentConsumers, 0);
    }

    /** {@code maxInFlight} 0: the component's default. */
    private Client camel(int concurrentConsumers, int maxInFlight) {
        return new Client() {
            private CamelContext context;

            @Override
            public void start() throws Exception {
                context = new DefaultCamelContext();
                DingTalkComponent component = new DingTalkComponent();
                DingTalkConfiguration cfg = component.getConfiguration();
                cfg.setClientId(sim.clientId());
                cfg.setClientSecret(sim.clientSecret());
                cfg.setApiUrl(sim.apiUrl());
                cfg.setOapiUrl(sim.oapiUrl());
                cfg.setConcurrentConsumers(concurrentConsumers);
                if (maxInFlight > 0) {
                    cfg.setMaxInFlight(maxInFlight);
                }
                context.addComponent("dingtalk", component);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("dingtalk:stream?subscriptions=event").routeId("bench").to("log:bench?level=OFF");
                    }
                });
                context.start();
            }

            @Override
            public void close() {
                context.stop();
            }
        };
    }

    private Client official() {
        return new Client() {
            private OpenDingTalkClient client;

            @Override
            public void start() throws Exception {
                OpenDingTalkStreamClientBuilder b = OpenDingTalkStreamClientBuilder.custom()
                        .credential(new AuthClientCredential(sim.clientId(), sim.clientSecret()))
                        .registerAllEventListener(event -> EventAckStatus.SUCCESS);
                // the registration host is private in the SDK (protocol notes 0.3)
                Field host = OpenDingTalkStreamClientBuilder.class.getDeclaredField("openApiHost");
                host.setAccessible(true);
                host.set(b, sim.apiUrl());
                client = b.build();
                client.start();
            }

            @Override
            public void close() throws Exception {
                client.stop();
            }
        };
    }

    private Client bare(boolean batchFlush) {
        return new Client() {
            private BareNettyStreamClient client;

            @Override
            public void start() throws Exception {
                client = new BareNettyStreamClient(sim.apiUrl(), sim.clientId(), sim.clientSecret(), batchFlush);
                client.start();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    // ------------------------------------------------------------------ measuring

    private Rep measure(String name) throws Exception {
        Client client = client(name);
        client.start();
        try {
            awaitTrue(() -> sim.openConnections() == 1, Duration.ofSeconds(30), name + " did not connect");

            Phase warm = push(WARMUP, 0);
            warm.awaitAcked();
            warm.evaluate();

            Map<String, Long> cpuBefore = threadCpu();
            long processCpuBefore = processCpuNanos();
            Phase tp = push(EVENTS, 0);
            tp.awaitAcked();
            long cpu = processCpuNanos() - processCpuBefore;
            Map<String, Long> cpuAfter = threadCpu();
            Stats tps = tp.evaluate();

            Phase lat = push(LATENCY_EVENTS, LATENCY_RATE);
            lat.awaitAcked();
            Stats ls = lat.evaluate();

            double seconds = tps.spanNanos / 1e9;
            Rep r = new Rep(tps.acked / seconds, cpu / 1e3 / Math.max(1, tps.acked), ls.sortedLatencyNanos());
            System.out.printf(Locale.ROOT,
                    "   %-18s %,7.0f events/s (%d in %.2f s, %4.0f us CPU/event whole JVM, backlog"
                                           + " p50 %4.0f ms); latency at %d/s: p50 %.3f ms p99 %.3f ms%n",
                    name, r.eventsPerSecond(), tps.acked, seconds, r.cpuMicrosPerEvent(), tps.percentile(0.5),
                    LATENCY_RATE, ls.percentile(0.5), ls.percentile(0.99));
            if (tps.acked < EVENTS || ls.acked < LATENCY_EVENTS) {
                System.out.printf("   !! %s lost %d events (acknowledged %d of %d and %d of %d)%n", name,
                        EVENTS - tps.acked + LATENCY_EVENTS - ls.acked, tps.acked, EVENTS, ls.acked, LATENCY_EVENTS);
            }
            if (PROFILE) {
                printBusiestThreads(cpuBefore, cpuAfter, tps.spanNanos);
            }
            return r;
        } finally {
            client.close();
            awaitTrue(() -> sim.openConnections() == 0, Duration.ofSeconds(30), name + " did not disconnect");
        }
    }

    /** A batch of pushed events: what was pushed when. */
    private final class Phase {
        final long firstSeq;
        final String[] eventIds;
        final Instant[] pushedAt;

        Phase(long firstSeq, int n) {
            this.firstSeq = firstSeq;
            this.eventIds = new String[n];
            this.pushedAt = new Instant[n];
        }

        /**
         * Waits until every event of the phase is acknowledged, or until nothing more was acknowledged for
         * {@code bench.stallSeconds} (a client that lost an event never acknowledges it: the simulator's ack timeout is
         * set beyond the run, so that nothing is redelivered while measuring). Lost events are reported, not fatal.
         */
        void awaitAcked() {
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            int cursor = 0;
            int acked = 0;
            boolean[] done = new boolean[eventIds.length];
            long lastProgress = System.nanoTime();
            while (acked < eventIds.length) {
                int before = acked;
                for (int i = cursor; i < eventIds.length; i++) {
                    if (!done[i] && sim.isAcknowledged(eventIds[i])) {
                        done[i] = true;
                        acked++;
                    }
                }
                while (cursor < eventIds.length && done[cursor]) {
                    cursor++;
                }
                if (acked > before) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos() || System.nanoTime() > deadline) {
                    lost += eventIds.length - acked;
                    System.out.printf("   !! %d of %d events were never acknowledged%n", eventIds.length - acked,
                            eventIds.length);
                    return;
                }
                LockSupport.parkNanos(5_000_000);
            }
        }

        /** Latency per event = simulator's ack arrival - the instant just before {@code pushEvent} was called. */
        Stats evaluate() {
            int n = eventIds.length;
            long[] latency = new long[n];
            boolean[] seen = new boolean[n];
            int acked = 0;
            Instant last = pushedAt[0];
            for (FrameAck a : sim.acks()) {
                if (a.messageId() == null) {
                    continue;
                }
                long seq = Long.parseLong(a.messageId().substring(a.messageId().lastIndexOf('_') + 1), 16);
                int i = (int) (seq - firstSeq);
                if (i < 0 || i >= n || seen[i] || !success(a)) {
                    continue;
                }
                seen[i] = true;
                latency[acked++] = Duration.between(pushedAt[i], a.receivedAt()).toNanos();
                if (a.receivedAt().isAfter(last)) {
                    last = a.receivedAt();
                }
            }
            long[] sorted = Arrays.copyOf(latency, acked);
            Arrays.sort(sorted);
            return new Stats(acked, Duration.between(pushedAt[0], last).toNanos(), sorted);
        }
    }

    record Stats(int acked, long spanNanos, long[] sortedLatencyNanos) {
        double percentile(double p) {
            if (sortedLatencyNanos.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p * sortedLatencyNanos.length) - 1;
            return sortedLatencyNanos[Math.max(0, Math.min(idx, sortedLatencyNanos.length - 1))] / 1e6;
        }
    }

    private static boolean success(FrameAck a) {
        Object status = a.data() == null ? null : a.data().get("status");
        return a.code() == 200 && (status == null || "SUCCESS".equals(status));
    }

    /**
     * Pushes {@code n} events from this thread: as fast as {@code pushEvent} returns ({@code ratePerSecond} 0) or
     * paced at a fixed rate.
     */
    private static final int BATCH = 1000;
    private static final Duration STALL = Duration.ofSeconds(Long.getLong("bench.stallSeconds", 10));
    /** Events some client never acknowledged, over the whole run. */
    private long lost;

    private Phase push(int n, int ratePerSecond) {
        Phase phase = new Phase(nextSeq, n);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("timeStamp", String.valueOf(System.currentTimeMillis()));
        data.put("userId", List.of("benchuser0001"));
        long interval = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0;
        if (interval == 0) {
            // a backlog: handed to the simulator in batches it writes in bursts, so that it outpaces the client
            for (int from = 0; from < n; from += BATCH) {
                int count = Math.min(BATCH, n - from);
                Instant at = Instant.now();
                List<String> ids = sim.pushEvents(count, "user_add_org", data);
                for (int i = 0; i < count; i++) {
                    phase.pushedAt[from + i] = at;
                    phase.eventIds[from + i] = ids.get(i);
                }
                nextSeq += count;
            }
            return phase;
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (interval > 0) {
                long due = start + i * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
            }
            phase.pushedAt[i] = Instant.now();
            phase.eventIds[i] = sim.pushEvent("user_add_org", data);
            nextSeq++;
        }
        return phase;
    }

    // ------------------------------------------------------------------ helpers

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** CPU time per thread-name group (digits stripped). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            var info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info == null || t < 0) {
                continue;
            }
            out.merge(info.getThreadName() + "#" + id, t, Long::sum);
        }
        return out;
    }

    private static void printBusiestThreads(Map<String, Long> before, Map<String, Long> after, long spanNanos) {
        Map<String, Long> byGroup = new HashMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            String group = k.substring(0, k.lastIndexOf('#')).replaceAll("[0-9]+", "N");
            byGroup.merge(group, d, Long::sum);
        });
        System.out.println("   busiest thread groups in the throughput phase (CPU ms, % of wall):");
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf(Locale.ROOT, "     %-55s %7.0f ms %5.0f%%%n", e.getKey(),
                        e.getValue() / 1e6,
                        100.0 * e.getValue() / spanNanos));
    }

    private static void print(List<Result> results, double totalSeconds) {
        System.out.printf(
                Locale.ROOT, "%n== Results (%d repetitions, %.0f s): events/s = median over repetitions of acked events"
                             + " / (last ack - first push) for a backlog of %d; latency = ack received - pushEvent"
                             + " called, at %d events/s, percentiles over all repetitions' samples%n",
                REPS,
                totalSeconds, EVENTS, LATENCY_RATE);
        System.out.printf(Locale.ROOT, "%-20s %10s %19s %10s %9s %9s %9s%n", "client", "events/s", "(min - max)",
                "CPU us/ev", "p50 ms", "p99 ms", "p99.9 ms");
        Map<String, Result> byName = new LinkedHashMap<>();
        for (Result r : results) {
            byName.put(r.client(), r);
            System.out.printf(Locale.ROOT, "%-20s %,10.0f   (%,7.0f - %,7.0f) %10.1f %9.3f %9.3f %9.3f%n", r.client(),
                    r.eventsPerSecond(), r.minEventsPerSecond(), r.maxEventsPerSecond(), r.cpuMicrosPerEvent(),
                    r.latencyMs(0.50), r.latencyMs(0.99), r.latencyMs(0.999));
        }
        System.out.println();
        System.out.println(
                "ratios camel / other (throughput: higher is better, goals: vs official >= 2.00, vs netty >= 0.80;"
                           + " latency: lower is better)");
        for (Result c : results) {
            if (!c.client().startsWith("camel")) {
                continue;
            }
            for (String other : List.of("official", "netty", "netty-batch")) {
                Result o = byName.get(other);
                if (o == null) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "  %-18s / %-11s throughput %5.2f   p50 %5.2f   p99 %5.2f%n", c.client(),
                        other, c.eventsPerSecond() / o.eventsPerSecond(), c.latencyMs(0.5) / o.latencyMs(0.5),
                        c.latencyMs(0.99) / o.latencyMs(0.99));
            }
        }
        System.out.println();
    }
}
