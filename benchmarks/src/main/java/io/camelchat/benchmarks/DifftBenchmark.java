package io.camelchat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.OperatingSystemMXBean;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.simulator.difft.DifftSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Difft benchmark of the component alone (there is no official Java SDK to put next to it), on one
 * {@link DifftSimulator} (plain http and ws on loopback, every request's signature verified):
 * <ol>
 * <li><b>send</b>: text messages to a group through {@code difft:message?to=group:<gid>} from {@code N} threads at once
 * (N = each of {@code bench.concurrency}, default 1 and 16), each thread sending its next message as soon as the
 * previous one was answered. Difft allows one message per second per app: for the benchmark the simulator's
 * {@code messageInterval} is {@link Duration#ZERO} and the component's {@code sendInterval} 0, so the figures are the
 * client's and the simulator's overhead, not a rate the real platform would accept. Per phase
 * {@code bench.warmupSeconds} not counted, then {@code bench.seconds} measured: msgs/s = successful sends started in
 * the window / (end of the last of them - window start); the simulator's accepted messages are compared with the
 * client's count after every phase.</li>
 * <li><b>stream</b>: {@code from("difft:stream").process(count)} with the component's defaults; a pusher thread makes
 * the simulator deliver {@code bench.events} direct texts ({@code sendText}; at most {@code bench.backlog}, 500, pushed
 * and not yet routed), which it writes in batches of 10 against
 * the consumer's fetches; the next fetch acknowledges a batch. events/s = messages routed / (when the last was routed -
 * just before the first push); acked/s the same up to the simulator's acknowledgement of the last message. Lost =
 * pushed - routed (waiting {@code bench.stallSeconds} without progress); every pushed message must end acknowledged.
 * </li>
 * </ol>
 * Each phase also reports CPU per message: the client's own threads (ThreadMXBean, every thread but the simulator's
 * {@code difft-api-*} / {@code difft-sim-*}, the pusher and {@code main}; for send the sending threads, which run the
 * producer, are the client's) and the whole JVM's. {@code 1 + 3} repetitions (the first only warms up), medians of the
 * counted ones (min - max).
 */
public final class DifftBenchmark {

    private static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmupSeconds", "1"));
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "4"));
    private static final int REPS = Integer.getInteger("bench.reps", 3);
    private static final int WARMUP_REPS = Integer.getInteger("bench.warmupReps", 1);
    private static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("bench.concurrency", "1,16")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final List<String> PARTS = List.of(System.getProperty("bench.parts", "send,stream").split(","));
    private static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup", 2000);
    private static final int EVENTS = Integer.getInteger("bench.events", 20000);
    private static final int BACKLOG = Integer.getInteger("bench.backlog", 500);
    private static final int STALL_SECONDS = Integer.getInteger("bench.stallSeconds", 30);

    private static final String APP = "benchapp0001";
    private static final String SECRET = "bench-secret";
    private static final String BOT = "+60000";
    private static final String USER = "+76459652574";
    private static final String GROUP = "a9de6b3ae8c8456d888c4532b487e822";
    private static final String TEXT = "benchmark message: the deploy of the release train went well, nothing to do";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DifftBenchmark() {
    }

    /** One measurement: rate, second rate (stream: acked/s; send: none), lost or failed, CPU per message. */
    record Rep(double perSecond, double secondRate, long lostOrFailed, double clientCpuMicros, double jvmCpuMicros,
            long[] latencyNanos) {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT,
                "Difft benchmark: parts %s; %d (+%d warm-up) repetitions; send: concurrency %s, %.1f s warm-up + %.1f s"
                                       + " per phase; stream: %d (+%d warm-up) messages; %d CPUs; Java %s%n",
                PARTS, REPS, WARMUP_REPS, CONCURRENCY, WARMUP_SECONDS, SECONDS, EVENTS, WARMUP_EVENTS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("Rate limit OFF for the benchmark: simulator messageInterval = ZERO, component sendInterval"
                           + " = 0 (the real platform accepts 1 message per second per app: default sendInterval 1000"
                           + " ms)");
        THREADS.setThreadCpuTimeEnabled(true);
        long t0 = System.nanoTime();
        try (DifftSimulator sim = DifftSimulator.builder().app(APP, SECRET, BOT).account(USER, "u@example.org", "User")
                .group(GROUP, "bench", BOT, USER).messageInterval(Duration.ZERO)
                .ackTimeout(Duration.ofMinutes(10)).start()) {
            Map<String, List<Rep>> reps = new LinkedHashMap<>();
            CamelContext context = context(sim);
            ProducerTemplate template = context.createProducerTemplate();
            Endpoint endpoint = context.getEndpoint("difft:message?to=group:" + GROUP);
            send(template, endpoint, "first send"); // connection pool, JIT of the signing path
            for (int rep = 1; rep <= WARMUP_REPS + REPS; rep++) {
                boolean counted = rep > WARMUP_REPS;
                System.out.printf("-- repetition %d of %d%s%n", rep, WARMUP_REPS + REPS,
                        counted ? "" : " (warm-up, not counted)");
                if (PARTS.contains("send")) {
                    for (int n : CONCURRENCY) {
                        Rep r = measureSend(sim, template, endpoint, n);
                        System.out.printf(Locale.ROOT,
                                "   send   concurrency %2d: %,9.0f msgs/s  failed %d  p50 %.3f ms  client CPU %.1f us/msg"
                                                       + "  JVM CPU %.1f us/msg%n",
                                n, r.perSecond(), r.lostOrFailed(), percentileMs(r.latencyNanos(), 0.5),
                                r.clientCpuMicros(), r.jvmCpuMicros());
                        if (counted) {
                            reps.computeIfAbsent("send@" + n, k -> new ArrayList<>()).add(r);
                        }
                    }
                }
                if (PARTS.contains("stream")) {
                    Rep r = measureStream(sim);
                    System.out.printf(Locale.ROOT,
                            "   stream: %,9.0f events/s routed, %,9.0f acked/s  lost %d  client CPU %.1f us/msg"
                                                   + "  JVM CPU %.1f us/msg%n",
                            r.perSecond(), r.secondRate(), r.lostOrFailed(), r.clientCpuMicros(), r.jvmCpuMicros());
                    if (counted) {
                        reps.computeIfAbsent("stream", k -> new ArrayList<>()).add(r);
                    }
                }
            }
            template.close();
            context.stop();
            List<String> errors = sim.protocolErrors();
            System.out.println("simulator protocol errors: " + errors.size()
                               + (errors.isEmpty() ? "" : ", first: " + errors.get(0)));
            print(reps, (System.nanoTime() - t0) / 1e9);
        }
        System.out.flush();
        System.exit(0);
    }

    private static CamelContext context(DifftSimulator sim) throws Exception {
        CamelContext context = new DefaultCamelContext();
        DifftComponent component = new DifftComponent();
        configure(component.getConfiguration(), sim);
        context.addComponent("difft", component);
        context.start();
        return context;
    }

    private static void configure(DifftConfiguration cfg, DifftSimulator sim) {
        cfg.setAppId(APP);
        cfg.setAppSecret(SECRET);
        cfg.setBotId(BOT);
        cfg.setApiUrl(sim.baseUrl());
        cfg.setWsUrl(sim.websocketUrl());
        cfg.setSendInterval(0);
    }

    private static void send(ProducerTemplate template, Endpoint endpoint, String text) throws Exception {
        Exchange ex = template.send(endpoint, e -> e.getMessage().setBody(text));
        if (ex.getException() != null) {
            throw ex.getException();
        }
    }

    /** One send phase: {@code n} threads sending back to back; warm-up, then the measured window. */
    private static Rep measureSend(DifftSimulator sim, ProducerTemplate template, Endpoint endpoint, int n)
            throws Exception {
        int acceptedBefore = sim.sent().size();
        long warmupNanos = (long) (WARMUP_SECONDS * 1e9);
        long windowNanos = (long) (SECONDS * 1e9);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[n][];
        long[] lastEnd = new long[n];
        AtomicLong failures = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong senderCpu = new AtomicLong();
        long[] times = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int idx = t;
            Thread th = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int count = 0;
                long end = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int i = 0;
                long cpuAtWindow = -1;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= times[1]) {
                        break;
                    }
                    if (cpuAtWindow < 0 && start >= times[0]) {
                        cpuAtWindow = THREADS.getCurrentThreadCpuTime();
                    }
                    try {
                        send(template, endpoint, TEXT + " " + idx + "-" + i++);
                        ok.incrementAndGet();
                        long done = System.nanoTime();
                        if (start >= times[0]) {
                            if (count == lat.length) {
                                lat = Arrays.copyOf(lat, count * 2);
                            }
                            lat[count++] = done - start;
                            end = done;
                        }
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 3) {
                            System.out.println("   !! send failed: " + e);
                        }
                    }
                }
                if (cpuAtWindow >= 0) {
                    senderCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuAtWindow);
                }
                latencies[idx] = Arrays.copyOf(lat, count);
                lastEnd[idx] = end;
            }, "bench-sender-" + t);
            threads.add(th);
            th.start();
        }
        ready.await();
        long now = System.nanoTime();
        times[0] = now + warmupNanos;
        times[1] = times[0] + windowNanos;
        go.countDown();
        // CPU from the start of the window (the warm-up's calls end in it too: a small bias, equal for every phase)
        while (System.nanoTime() < times[0]) {
            Thread.sleep(1);
        }
        Map<Long, Long> cpuBefore = clientThreadCpu();
        long jvmBefore = processCpu();
        for (Thread th : threads) {
            th.join();
        }
        long jvm = processCpu() - jvmBefore;
        // the sending threads (which run the producer) measure their own CPU; the other client threads from outside
        long cpu = cpuSince(cpuBefore, clientThreadCpu()) + senderCpu.get();
        long end = Arrays.stream(lastEnd).max().orElse(times[0]);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        int accepted = sim.sent().size() - acceptedBefore;
        if (accepted != ok.get()) {
            System.out
                    .println("   !! the simulator accepted " + accepted + " messages, the client counted " + ok.get());
        }
        return new Rep(all.length / ((end - times[0]) / 1e9), Double.NaN, failures.get(),
                cpu / 1e3 / Math.max(1, all.length), jvm / 1e3 / Math.max(1, all.length), all);
    }

    /** One stream phase in a fresh Camel context: connect, warm up, then the measured messages. */
    private static Rep measureStream(DifftSimulator sim) throws Exception {
        AtomicLong count = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        CamelContext context = new DefaultCamelContext();
        DifftComponent component = new DifftComponent();
        configure(component.getConfiguration(), sim);
        context.addComponent("difft", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("difft:stream").routeId("bench-stream").process(e -> {
                    count.incrementAndGet();
                    lastAt.set(System.nanoTime());
                });
            }
        });
        context.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (sim.connections(APP) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            push(sim, WARMUP_EVENTS, count);
            awaitCount(count, WARMUP_EVENTS);
            long base = count.get();
            System.gc();
            Map<Long, Long> cpuBefore = clientThreadCpu();
            long jvmBefore = processCpu();
            long t0 = System.nanoTime();
            String[] refs = push(sim, EVENTS, count);
            long routed = awaitCount(count, base + EVENTS) - base;
            long t1 = lastAt.get();
            String lastRef = refs[refs.length - 1];
            long ackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
            while (!sim.isAcknowledged(APP, lastRef) && System.nanoTime() < ackDeadline) {
                Thread.sleep(1);
            }
            long t2 = System.nanoTime();
            long jvm = processCpu() - jvmBefore;
            long cpu = cpuSince(cpuBefore, clientThreadCpu());
            long unacked = Arrays.stream(refs).filter(r -> !sim.isAcknowledged(APP, r)).count();
            if (unacked > 0) {
                System.out.println("   !! " + unacked + " messages routed but not acknowledged");
            }
            return new Rep(routed / ((t1 - t0) / 1e9), routed / ((t2 - t0) / 1e9), EVENTS - routed + unacked,
                    cpu / 1e3 / Math.max(1, routed), jvm / 1e3 / Math.max(1, routed), new long[0]);
        } finally {
            context.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sim.connections(APP) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    /**
     * The user writes n direct texts to the bot, from a thread of its own, keeping at most {@code bench.backlog} of
     * them not yet routed (so that a run measures a steady stream, as the figures in the README were taken); returns
     * their refIDs.
     */
    private static String[] push(DifftSimulator sim, int n, AtomicLong routed) throws InterruptedException {
        String[] refs = new String[n];
        long base = routed.get();
        Thread pusher = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                while (BACKLOG > 0 && i - (routed.get() - base) >= BACKLOG) {
                    LockSupport.parkNanos(20_000);
                }
                refs[i] = sim.sendText(USER, BOT, TEXT);
            }
        }, "bench-pusher");
        pusher.start();
        pusher.join();
        return refs;
    }

    /** Waits until count reaches target, or nothing new came for bench.stallSeconds; returns the count. */
    private static long awaitCount(AtomicLong count, long target) throws InterruptedException {
        long last = count.get();
        long progressAt = System.nanoTime();
        while (count.get() < target) {
            Thread.sleep(1);
            long now = count.get();
            if (now != last) {
                last = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                break;
            }
        }
        return count.get();
    }

    /** CPU time per live thread of the client: not the simulator's, the pusher, the senders or main. */
    private static Map<Long, Long> clientThreadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("difft-api") || name.startsWith("difft-sim") || name.startsWith("bench-pusher")
                    || "main".equals(name) || name.startsWith("bench-sender")) {
                continue;
            }
            long ns = THREADS.getThreadCpuTime(t.getId());
            if (ns > 0) {
                cpu.put(t.getId(), ns);
            }
        }
        return cpu;
    }

    /** CPU since the first snapshot of the threads of the second (threads that ended meanwhile count up to the first). */
    private static long cpuSince(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double percentileMs(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p * s.length) - 1;
        return s[Math.max(0, Math.min(idx, s.length - 1))] / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static void print(Map<String, List<Rep>> reps, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT,
                "=== Difft results: medians of %d repetitions (min - max); run took %.0f s ===%n",
                REPS, seconds);
        System.out.println("(rate limit off: simulator messageInterval ZERO, component sendInterval 0)");
        System.out
                .println("| phase | per second | p50 / p99 ms | failed or lost | client CPU us/msg | JVM CPU us/msg |");
        System.out.println("|---|---|---|---|---|---|");
        reps.forEach((k, rs) -> {
            List<Double> rates = rs.stream().map(Rep::perSecond).toList();
            String range = String.format(Locale.ROOT, "%,.0f (%,.0f - %,.0f)", median(rates),
                    Collections.min(rates), Collections.max(rates));
            String latency = "-";
            String label;
            if (k.startsWith("send@")) {
                long[] all = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencyNanos())).toArray();
                latency = String.format(Locale.ROOT, "%.3f / %.2f", percentileMs(all, 0.5), percentileMs(all, 0.99));
                label = "send, concurrency " + k.substring(5) + " (msgs/s)";
            } else {
                label = String.format(Locale.ROOT, "stream, routed (events/s); acked/s %,.0f",
                        median(rs.stream().map(Rep::secondRate).toList()));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f |%n", label, range, latency,
                    rs.stream().mapToLong(Rep::lostOrFailed).sum(),
                    median(rs.stream().map(Rep::clientCpuMicros).toList()),
                    median(rs.stream().map(Rep::jvmCpuMicros).toList()));
        });
    }
}
