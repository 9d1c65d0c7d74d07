package io.camelchat.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.camelchat.benchmarks.harness.Await;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Harness.Metric;
import io.camelchat.benchmarks.harness.Sample;
import io.camelchat.benchmarks.harness.Senders;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.simulator.difft.DifftSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Difft, the component alone (there is no official Java SDK to put next to it), on one {@link DifftSimulator} (plain
 * http and ws on loopback, every request's signature verified):
 * <ul>
 * <li><b>send</b>: {@code difft:message?to=group:<gid>} from N threads at once (each of {@code bench.concurrency}),
 * each sending its next message once the previous one was answered, and {@code bench.inFlight} sends handed to the
 * producer's asynchronous API by one thread. Difft allows one message per second per app: here the simulator's
 * {@code messageInterval} is zero and the component's {@code sendInterval} 0, so the figures are overheads, not a rate
 * the real platform would accept;</li>
 * <li><b>stream</b>: {@code from("difft:stream").process(count)}, defaults, a fresh Camel context per measurement; a
 * harness thread makes the simulator deliver {@code bench.events} direct texts (at most {@code bench.backlog} pushed
 * and not yet routed), which it writes in batches of 10 against the consumer's fetches; the next fetch acknowledges a
 * batch. Then {@code bench.latencyEvents} paced at {@code bench.latencyRate}: latency = sendText called - routed.</li>
 * </ul>
 */
public final class DifftBenchmark {

    private static final Duration WARMUP_WINDOW = BenchOptions.seconds("warmupSeconds", 1);
    private static final Duration WINDOW = BenchOptions.seconds("seconds", 3);
    private static final List<Integer> CONCURRENCY = BenchOptions.integers("concurrency", "1,16");
    private static final int IN_FLIGHT = BenchOptions.integer("inFlight", 1000);
    private static final List<String> PARTS = BenchOptions.list("parts", "send,stream");
    private static final int WARMUP_EVENTS = BenchOptions.integer("warmup", 2000);
    private static final int EVENTS = BenchOptions.integer("events", 20000);
    private static final int BACKLOG = BenchOptions.integer("backlog", 500);
    private static final int LATENCY_EVENTS = BenchOptions.integer("latencyEvents", 2000);
    private static final int LATENCY_RATE = BenchOptions.integer("latencyRate", 1000);
    private static final Duration STALL = BenchOptions.seconds("stallSeconds", 30);

    private static final String APP = "benchapp0001";
    private static final String SECRET = "bench-secret";
    private static final String BOT = "+60000";
    private static final String USER = "+76459652574";
    private static final String GROUP = "a9de6b3ae8c8456d888c4532b487e822";
    private static final String TEXT = "benchmark message: the deploy of the release train went well, nothing to do";

    private DifftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("Difft benchmark", DifftBenchmark.class);
        String stream = "stream " + EVENTS;
        String paced = "stream at " + LATENCY_RATE + "/s";
        h.describe("rate limit OFF: simulator messageInterval ZERO, component sendInterval 0 (the real platform"
                   + " accepts 1 message per second per app)")
                .describe("send c=N: N threads sending back to back for " + WINDOW.toSeconds() + " s; " + IN_FLIGHT
                          + " in flight: one thread, the producer's asynchronous API")
                .describe(stream + ": events/s = routed / (last routed - first push); acked/s up to the simulator's"
                          + " acknowledgement of the last one")
                .goal(paced, Metric.P99_MS, "camel", null, 2.0);
        try (DifftSimulator sim = DifftSimulator.builder().app(APP, SECRET, BOT).account(USER, "u@example.org", "User")
                .group(GROUP, "bench", BOT, USER).messageInterval(Duration.ZERO)
                .ackTimeout(Duration.ofMinutes(10)).start()) {
            CamelSender sender = new CamelSender(context(sim, null), "difft:message?to=group:" + GROUP);
            sender.send("first send"); // connection pool, JIT of the signing path
            h.run(List.of("camel"), (client, harness) -> {
                if (PARTS.contains("send")) {
                    for (int n : CONCURRENCY) {
                        long before = sim.sent().size();
                        Sample s = Senders.closedLoop(harness, "send c=" + n, n, WARMUP_WINDOW, WINDOW,
                                (thread, i) -> sender.send(TEXT + " " + thread + "-" + i));
                        if (sim.sent().size() - before < s.events()) {
                            System.out.println("   !! the simulator accepted fewer messages than the client counted");
                        }
                    }
                    if (IN_FLIGHT > 0) {
                        Senders.inFlight(harness, IN_FLIGHT + " in flight", IN_FLIGHT, 4 * IN_FLIGHT,
                                i -> sender.sendAsync(TEXT + " async-" + i));
                    }
                }
                if (PARTS.contains("stream")) {
                    measureStream(sim, harness, stream, paced);
                }
            });
            sender.close();
            System.out.println("simulator protocol errors: " + sim.protocolErrors().size()
                               + (sim.protocolErrors().isEmpty() ? "" : ", first: " + sim.protocolErrors().get(0)));
        }
        Harness.exit();
    }

    /** A started context with the component; with a route counting into {@code count} when given. */
    private static CamelContext context(DifftSimulator sim, Counter count) throws Exception {
        CamelContext context = new DefaultCamelContext();
        DifftComponent component = new DifftComponent();
        DifftConfiguration cfg = component.getConfiguration();
        cfg.setAppId(APP);
        cfg.setAppSecret(SECRET);
        cfg.setBotId(BOT);
        cfg.setApiUrl(sim.baseUrl());
        cfg.setWsUrl(sim.websocketUrl());
        cfg.setSendInterval(0);
        context.addComponent("difft", component);
        if (count != null) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("difft:stream").routeId("bench-stream").process(e -> count.counted());
                }
            });
        }
        context.start();
        return context;
    }

    /** Routed messages, with the instants of the latency phase. */
    static final class Counter {
        final AtomicLong count = new AtomicLong();
        volatile long lastAt;
        volatile long[] stamps;
        volatile long stampBase;

        void counted() {
            long now = System.nanoTime();
            long k = count.incrementAndGet();
            lastAt = now;
            long[] s = stamps;
            if (s != null && k - stampBase - 1 >= 0 && k - stampBase - 1 < s.length) {
                s[(int) (k - stampBase - 1)] = now;
            }
        }
    }

    private static void measureStream(DifftSimulator sim, Harness h, String phase, String paced) throws Exception {
        Counter count = new Counter();
        CamelContext context = context(sim, count);
        try {
            Await.until(() -> sim.connections(APP) >= 1, Duration.ofSeconds(20), "difft:stream did not connect");
            push(h, sim, WARMUP_EVENTS, count, 0, null);
            awaitCount(count, WARMUP_EVENTS);
            long base = count.count.get();
            System.gc();
            Sample s = h.begin(phase);
            String[] refs = push(h, sim, EVENTS, count, 0, null);
            long routed = awaitCount(count, base + EVENTS) - base;
            long routedAt = count.lastAt;
            String lastRef = refs[refs.length - 1];
            long ackedAt = Await.progress(() -> sim.isAcknowledged(APP, lastRef) ? 1 : 0, 1, STALL, STALL);
            long unacked = Arrays.stream(refs).filter(r -> r == null || !sim.isAcknowledged(APP, r)).count();
            s.end(routed, routedAt - s.startNanos()).lost(Math.max(EVENTS - routed, unacked))
                    .note("acked/s", routed / ((ackedAt - s.startNanos()) / 1e9));

            long[] pushedAt = new long[LATENCY_EVENTS];
            long[] routedStamps = new long[LATENCY_EVENTS];
            count.stampBase = count.count.get();
            count.stamps = routedStamps;
            Sample l = h.begin(paced);
            push(h, sim, LATENCY_EVENTS, count, LATENCY_RATE, pushedAt);
            long n = awaitCount(count, count.stampBase + LATENCY_EVENTS) - count.stampBase;
            l.end(n, count.lastAt - l.startNanos()).lost(LATENCY_EVENTS - n);
            count.stamps = null;
            long[] lat = new long[(int) Math.min(n, LATENCY_EVENTS)];
            for (int i = 0; i < lat.length; i++) {
                lat[i] = routedStamps[i] - pushedAt[i];
            }
            l.latencies(lat);
        } finally {
            context.stop();
            Await.until(() -> sim.connections(APP) == 0, Duration.ofSeconds(10), "difft:stream did not disconnect");
        }
    }

    /**
     * The user writes n direct texts to the bot from a harness thread, keeping at most {@code bench.backlog} not yet
     * routed, paced at {@code perSecond} when above 0; returns their refIDs.
     */
    private static String[] push(Harness h, DifftSimulator sim, int n, Counter routed, int perSecond, long[] pushedAt)
            throws InterruptedException {
        String[] refs = new String[n];
        long base = routed.count.get();
        Thread pusher = h.harnessThread("pusher", () -> {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (perSecond > 0) {
                    Await.pace(start + i * (1_000_000_000L / perSecond));
                }
                while (BACKLOG > 0 && i - (routed.count.get() - base) >= BACKLOG) {
                    LockSupport.parkNanos(20_000);
                }
                if (pushedAt != null) {
                    pushedAt[i] = System.nanoTime();
                }
                refs[i] = sim.sendText(USER, BOT, TEXT);
            }
        });
        pusher.start();
        pusher.join();
        return refs;
    }

    private static long awaitCount(Counter count, long target) {
        Await.progress(count.count::get, target, STALL, STALL.multipliedBy(10));
        return count.count.get();
    }
}
