package io.camelchat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.management.OperatingSystemMXBean;
import com.symphony.bdk.core.SymphonyBdk;
import com.symphony.bdk.core.config.model.BdkClientConfig;
import com.symphony.bdk.core.config.model.BdkConfig;
import com.symphony.bdk.core.service.datafeed.RealTimeEventListener;
import com.symphony.bdk.gen.api.model.V4Initiator;
import com.symphony.bdk.gen.api.model.V4MessageSent;
import io.camelchat.simulator.symphony.DatafeedInfo;
import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import io.camelchat.symphony.SymphonyEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Side-by-side Symphony datafeed v2 benchmark: how fast a backlog of message events is routed <em>and
 * acknowledged</em> by
 * <ol>
 * <li>{@code camel}: {@code from("symphony:datafeed").process(count)}, component defaults (datafeed v2, one loop
 * thread, a batch acknowledged by the next read once every exchange of it completed);</li>
 * <li>{@code bdk}: the official Symphony BDK for Java 2.12.0 (its Jersey 2 client), {@code SymphonyBdk.datafeed()}
 * with datafeed version {@code v2} (its {@code DatafeedLoopV2}) and a {@code RealTimeEventListener} whose
 * {@code onMessageSent} counts.</li>
 * </ol>
 * Every measurement has a simulator of its own ({@link SymphonySimulator}, plain http on loopback, RSA auth, a short
 * long poll): a user posts {@code bench.events} messages into an IM with the bot <em>before</em> the client starts;
 * with no feed yet the simulator keeps them ({@code bufferEventsWithoutFeed}) and hands all of them to the first feed
 * created. The simulator answers a v2 read with every event that is ready (it has no batch size), so the first read
 * carries the whole backlog and the second one acknowledges it. The client is built and authenticated outside the
 * timed span; the clock starts when its datafeed loop is
 * started and stops when the simulator has recorded every posted event as acknowledged
 * ({@link SymphonySimulator#acknowledged(String)}). events/s = events / that span. Lost = never acknowledged;
 * redelivered = handed out by the simulator more than once ({@link SymphonySimulator#deliveries(String)}); routed =
 * the client's own count (more than the events: duplicates reached the route or listener).
 *
 * <p>Repetitions are interleaved, the order of the clients alternating from one repetition to the next; the first
 * repetition only warms up the JIT. See {@code benchmarks/README.md}, section Symphony datafeed.
 */
public final class SymphonyDatafeedBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 20000);
    private static final int REPS = Integer.getInteger("bench.reps", 3);
    /** Events per datafeed read; 0: the whole backlog in one answer. */
    private static final int BATCH = Integer.getInteger("bench.batch", 100);
    private static final int WARMUP_REPS = Integer.getInteger("bench.warmupReps", 1);
    private static final List<String> CLIENTS = Arrays
            .stream(System.getProperty("bench.clients", "camel,bdk").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList();
    private static final Duration LONG_POLL = Duration.ofMillis(Long.getLong("bench.longPollMillis", 200));
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.phaseTimeoutSeconds", 120));
    private static final Duration STALL = Duration.ofSeconds(Long.getLong("bench.stallSeconds", 20));

    /**
     * Jersey (the BDK's HTTP client) reports through java.util.logging: its start-up notices are kept off the
     * console (a strong reference, or the level would be lost with the logger).
     */
    private static final Logger JERSEY_LOG = Logger.getLogger("org.glassfish.jersey");
    private static final String BOT_USERNAME = "camel-bench-bot";
    private static final long ALICE = 7078106482689L;
    private static final String ROUTE_ID = "bench";

    private final KeyPair keys;
    private final String privateKeyPem;

    private SymphonyDatafeedBenchmark(KeyPair keys) {
        this.keys = keys;
        this.privateKeyPem = pkcs8Pem(keys);
    }

    /** What one client achieved in one repetition. */
    record Rep(double eventsPerSecond, double seconds, long acked, long lost, long redelivered, long routed, long reads,
            int feeds, double cpuMicrosPerEvent, double simCpuMicrosPerEvent, double clientCpuMicrosPerEvent,
            double postPerSecond) {
    }

    /** All counted repetitions of one client. */
    record Result(String client, List<Rep> reps) {
        double eventsPerSecond() {
            return median(reps.stream().mapToDouble(Rep::eventsPerSecond).toArray());
        }

        double min() {
            return reps.stream().mapToDouble(Rep::eventsPerSecond).min().orElse(Double.NaN);
        }

        double max() {
            return reps.stream().mapToDouble(Rep::eventsPerSecond).max().orElse(Double.NaN);
        }

        double cpu() {
            return median(reps.stream().mapToDouble(Rep::cpuMicrosPerEvent).toArray());
        }

        double simCpu() {
            return median(reps.stream().mapToDouble(Rep::simCpuMicrosPerEvent).toArray());
        }

        double clientCpu() {
            return median(reps.stream().mapToDouble(Rep::clientCpuMicrosPerEvent).toArray());
        }

        long sum(ToLongFunction<Rep> f) {
            return reps.stream().mapToLong(f).sum();
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return s.length == 0 ? Double.NaN
                    : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    /** A client under test: built (and authenticated) by the constructor, timed from {@link #startLoop()}. */
    interface Client extends AutoCloseable {
        /** Starts consuming the datafeed; returns at once. */
        void startLoop() throws Exception;

        /** Events the route / listener counted. */
        long routed();

        /** A failure of the datafeed loop, or {@code null}. */
        Throwable failure();

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(
                Locale.ROOT, "Symphony datafeed v2 benchmark: %d (+%d warm-up) repetitions x clients %s; backlog of %d"
                             + " MESSAGESENT events per measurement, %s per read; simulator long poll %d ms; %d CPUs; Java %s%n",
                REPS, WARMUP_REPS, CLIENTS, EVENTS, BATCH > 0 ? "at most " + BATCH : "all", LONG_POLL.toMillis(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long t0 = System.nanoTime();
        JERSEY_LOG.setLevel(Level.SEVERE);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        SymphonyDatafeedBenchmark bench = new SymphonyDatafeedBenchmark(gen.generateKeyPair());
        Map<String, List<Rep>> reps = new LinkedHashMap<>();
        for (int rep = 1; rep <= WARMUP_REPS + REPS; rep++) {
            boolean counted = rep > WARMUP_REPS;
            System.out.printf("-- repetition %d of %d%s%n", rep, WARMUP_REPS + REPS,
                    counted ? "" : " (warm-up, not counted)");
            // alternate the order, so that neither client always runs right after the other one's garbage
            List<String> order = new ArrayList<>(CLIENTS);
            if (rep % 2 == 0) {
                Collections.reverse(order);
            }
            for (String name : order) {
                Rep r = bench.measure(name);
                if (counted) {
                    reps.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (String name : CLIENTS) {
            if (reps.containsKey(name)) {
                results.add(new Result(name, reps.get(name)));
            }
        }
        print(results, (System.nanoTime() - t0) / 1e9);
        // as in the other benchmarks: no thread a client may leave behind keeps exec:java waiting
        System.out.flush();
        System.exit(0);
    }

    // ------------------------------------------------------------------ one measurement

    private Rep measure(String name) throws Exception {
        try (SymphonySimulator sim = SymphonySimulator.builder()
                .botUsername(BOT_USERNAME)
                .botPublicKey(keys.getPublic())
                .longPollTimeout(LONG_POLL)
                .maxEventsPerRead(BATCH)
                // no feed exists before the client creates one: the simulator keeps the backlog for the first feed
                .bufferEventsWithoutFeed(true)
                .start()) {
            sim.addUser(SymUser.of(ALICE, "alice"));
            String imId = sim.createIm(ALICE);
            sim.reset(); // drops the IM's creation event: the backlog is exactly the posted messages

            long postStart = System.nanoTime();
            String[] ids = new String[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                SymEvent e = sim.userPostsMessage(ALICE, imId,
                        "<messageML>benchmark message <b>" + i + "</b> for the bot, with some text to carry</messageML>");
                ids[i] = e.id();
            }
            double postPerSecond = EVENTS / ((System.nanoTime() - postStart) / 1e9);
            if (!sim.datafeeds().isEmpty() || sim.events().size() != EVENTS) {
                throw new IllegalStateException("unexpected simulator state before " + name + ": feeds "
                                                + sim.datafeeds() + ", events " + sim.events().size());
            }

            try (Client client = client(name, sim)) {
                System.gc(); // both clients start with the backlog's garbage collected
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                Map<Long, long[]> cpuBefore = threadCpu(threads);
                long processCpuBefore = processCpuNanos();
                long start = System.nanoTime();
                client.startLoop();
                long end = awaitAcknowledged(sim, ids, client, start);
                long processCpu = processCpuNanos() - processCpuBefore;
                long[] split = splitCpu(threads, cpuBefore, threadCpu(threads));

                long acked = 0;
                long redelivered = 0;
                for (String id : ids) {
                    if (sim.acknowledged(id)) {
                        acked++;
                    }
                    if (sim.deliveries(id) > 1) {
                        redelivered++;
                    }
                }
                List<DatafeedInfo> feeds = sim.datafeeds();
                long reads = feeds.stream().mapToLong(DatafeedInfo::reads).sum();
                double seconds = (end - start) / 1e9;
                Rep r = new Rep(acked / seconds, seconds, acked, EVENTS - acked, redelivered, client.routed(), reads,
                        feeds.size(), processCpu / 1e3 / Math.max(1, acked), split[0] / 1e3 / Math.max(1, acked),
                        split[1] / 1e3 / Math.max(1, acked), postPerSecond);
                System.out.printf(Locale.ROOT, "   %-6s %,8.0f events/s (%d acknowledged in %.3f s; routed %d; lost %d;"
                                               + " redelivered %d; %d feed(s), %d reads; CPU/event %.1f us whole JVM, %.1f us"
                                               + " simulator threads, %.1f us other threads; backlog posted at %,.0f/s)%n",
                        name, r.eventsPerSecond(), acked, seconds, r.routed(), r.lost(), redelivered, r.feeds(), reads,
                        r.cpuMicrosPerEvent(), r.simCpuMicrosPerEvent(), r.clientCpuMicrosPerEvent(), postPerSecond);
                if (client.failure() != null) {
                    System.out.println("   !! " + name + " datafeed loop failed: " + client.failure());
                }
                List<String> errors = sim.protocolErrors();
                if (!errors.isEmpty()) {
                    System.out
                            .println("   !! simulator protocol errors: " + errors.size() + ", first: " + errors.get(0));
                }
                return r;
            }
        }
    }

    /**
     * Walks a cursor over the posted ids until the simulator has recorded each one as acknowledged; returns the
     * {@code nanoTime} at which the last one was seen acknowledged (1 ms polling). Gives up after {@link #STALL}
     * without progress or {@link #PHASE_TIMEOUT} in all.
     */
    private static long awaitAcknowledged(SymphonySimulator sim, String[] ids, Client client, long start) {
        int cursor = 0;
        long lastSeen = start;
        boolean waited = true;
        while (cursor < ids.length) {
            if (sim.acknowledged(ids[cursor])) {
                if (waited) {
                    // the first id of a newly acknowledged run: that is when the acknowledgement was observed
                    lastSeen = System.nanoTime();
                    waited = false;
                }
                cursor++;
                continue;
            }
            long now = System.nanoTime();
            if (client.failure() != null || now - lastSeen > STALL.toNanos() || now - start > PHASE_TIMEOUT.toNanos()) {
                System.out.printf("   !! gave up waiting: %d of %d acknowledged%n", cursor, ids.length);
                return lastSeen;
            }
            waited = true;
            LockSupport.parkNanos(1_000_000);
        }
        return lastSeen;
    }

    // ------------------------------------------------------------------ clients

    private Client client(String name, SymphonySimulator sim) throws Exception {
        return switch (name) {
            case "camel" -> camel(sim);
            case "bdk" -> bdk(sim);
            default -> throw new IllegalArgumentException("unknown client " + name + " (camel, bdk)");
        };
    }

    private Client camel(SymphonySimulator sim) throws Exception {
        CamelContext context = new DefaultCamelContext();
        SymphonyComponent component = new SymphonyComponent();
        SymphonyConfiguration cfg = component.getConfiguration();
        cfg.setBotUsername(BOT_USERNAME);
        cfg.setPrivateKey(privateKeyPem);
        cfg.setPodUrl(sim.podUrl());
        cfg.setAgentUrl(sim.agentUrl());
        cfg.setKeyManagerUrl(sim.keyManagerUrl());
        context.addComponent("symphony", component);
        AtomicLong routed = new AtomicLong();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed").routeId(ROUTE_ID).autoStartup(false)
                        .process(exchange -> routed.incrementAndGet());
            }
        });
        context.start();
        // authenticate outside the timed span, as the BDK does when it is built (the token pair is kept by the
        // endpoint's client, which the route's consumer uses)
        SymphonyEndpoint endpoint = context.getEndpoint("symphony:datafeed", SymphonyEndpoint.class);
        endpoint.getClient().sessionInfo();
        return new Client() {
            @Override
            public void startLoop() throws Exception {
                context.getRouteController().startRoute(ROUTE_ID);
            }

            @Override
            public long routed() {
                return routed.get();
            }

            @Override
            public Throwable failure() {
                return null;
            }

            @Override
            public void close() {
                context.stop();
            }
        };
    }

    private Client bdk(SymphonySimulator sim) throws Exception {
        // builds the API clients, authenticates (pod and key manager) and reads the bot's session
        SymphonyBdk bdk = SymphonyBdk.builder().config(bdkConfig(sim)).build();
        AtomicLong routed = new AtomicLong();
        bdk.datafeed().subscribe(new RealTimeEventListener() {
            @Override
            public void onMessageSent(V4Initiator initiator, V4MessageSent event) {
                routed.incrementAndGet();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = new Thread(() -> {
            try {
                bdk.datafeed().start(); // returns once stop() was called and the pending read answered
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "bdk-datafeed");
        loop.setDaemon(true);
        return new Client() {
            @Override
            public void startLoop() {
                loop.start();
            }

            @Override
            public long routed() {
                return routed.get();
            }

            @Override
            public Throwable failure() {
                return failure.get();
            }

            @Override
            public void close() throws Exception {
                bdk.datafeed().stop();
                loop.join(TimeUnit.SECONDS.toMillis(10) + LONG_POLL.toMillis());
                if (loop.isAlive()) {
                    System.out.println("   !! the BDK's datafeed loop did not stop");
                }
            }
        };
    }

    private BdkConfig bdkConfig(SymphonySimulator sim) {
        BdkConfig config = new BdkConfig();
        config.setScheme("http");
        config.setHost("127.0.0.1");
        config.setConnectionTimeout(5_000);
        config.setReadTimeout(60_000); // far above the simulator's long poll and the time to write a large batch
        server(config.getPod(), sim.podUrl());
        server(config.getAgent(), sim.agentUrl());
        server(config.getKeyManager(), sim.keyManagerUrl());
        server(config.getSessionAuth(), sim.sessionAuthUrl());
        config.getBot().setUsername(BOT_USERNAME);
        config.getBot().getPrivateKey().setContent(privateKeyPem.getBytes(StandardCharsets.US_ASCII));
        config.getDatafeed().setVersion("v2");
        return config;
    }

    private static void server(BdkClientConfig server, String baseUrl) {
        URI uri = URI.create(baseUrl);
        server.setScheme(uri.getScheme());
        server.setHost(uri.getHost());
        server.setPort(uri.getPort());
    }

    private static String pkcs8Pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
               + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                       .encodeToString(keys.getPrivate().getEncoded())
               + "\n-----END PRIVATE KEY-----\n";
    }

    // ------------------------------------------------------------------ CPU

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Thread id -> {CPU nanos, 1 if a simulator thread}. */
    private static Map<Long, long[]> threadCpu(ThreadMXBean threads) {
        Map<Long, long[]> out = new LinkedHashMap<>();
        long self = Thread.currentThread().getId();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadId() == self) {
                continue; // the measuring thread itself is left out
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                out.put(info.getThreadId(), new long[]{ cpu, info.getThreadName().startsWith("symphony-") ? 1 : 0 });
            }
        }
        return out;
    }

    /** {simulator threads, other threads} CPU nanos between two snapshots (threads that ended in between are missed). */
    private static long[] splitCpu(ThreadMXBean threads, Map<Long, long[]> before, Map<Long, long[]> after) {
        long[] split = new long[2];
        after.forEach((id, v) -> {
            long[] b = before.get(id);
            long d = v[0] - (b == null ? 0 : b[0]);
            split[v[1] == 1 ? 0 : 1] += d;
        });
        return split;
    }

    // ------------------------------------------------------------------ report

    private static void print(List<Result> results, double totalSeconds) {
        System.out.printf(Locale.ROOT,
                "%n== Results (%d repetitions, %.0f s): events/s = median over repetitions of %d events /"
                                       + " (all of them acknowledged on the simulator - datafeed loop started)%n",
                REPS,
                totalSeconds, EVENTS);
        System.out.printf(Locale.ROOT, "%-8s %10s %21s %8s %8s %12s %8s %10s %10s %10s%n", "client", "events/s",
                "(min - max)",
                "lost", "redeliv.", "routed/event", "reads", "CPU us/ev", "sim us/ev", "other us/ev");
        Map<String, Result> byName = new LinkedHashMap<>();
        for (Result r : results) {
            byName.put(r.client(), r);
            long events = (long) EVENTS * r.reps().size();
            System.out.printf(Locale.ROOT,
                    "%-8s %,10.0f   (%,7.0f - %,7.0f) %8d %8d %12.3f %8.1f %10.1f %10.1f %10.1f%n",
                    r.client(), r.eventsPerSecond(), r.min(), r.max(), r.sum(Rep::lost), r.sum(Rep::redelivered),
                    (double) r.sum(Rep::routed) / events, (double) r.sum(Rep::reads) / r.reps().size(), r.cpu(),
                    r.simCpu(), r.clientCpu());
        }
        Result camel = byName.get("camel");
        Result bdk = byName.get("bdk");
        if (camel != null && bdk != null) {
            System.out.printf(Locale.ROOT, "%nratio camel / bdk: throughput %.2f (per repetition:",
                    camel.eventsPerSecond()
                            / bdk.eventsPerSecond());
            for (int i = 0; i < Math.min(camel.reps().size(), bdk.reps().size()); i++) {
                System.out.printf(Locale.ROOT, " %.2f", camel.reps().get(i).eventsPerSecond()
                        / bdk.reps().get(i).eventsPerSecond());
            }
            System.out.printf(Locale.ROOT,
                    "); whole-JVM CPU per event %.2f; CPU per event outside the simulator's threads %.2f%n",
                    camel.cpu() / bdk.cpu(), camel.clientCpu() / bdk.clientCpu());
        }
        System.out.println();
    }
}
