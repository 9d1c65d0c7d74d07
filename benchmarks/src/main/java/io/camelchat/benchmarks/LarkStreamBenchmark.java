package io.camelchat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lark.oapi.event.EventDispatcher;
import com.lark.oapi.okhttp.OkHttpClient;
import com.lark.oapi.service.im.ImService;
import com.lark.oapi.service.im.v1.model.P2MessageReceiveV1;
import com.sun.management.OperatingSystemMXBean;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.ResponseFrame;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Side-by-side Lark long-connection benchmark: one {@link LarkSimulator} (plain {@code ws}), and in turn, each alone on
 * it,
 * <ol>
 * <li>{@code camel}: {@code from("lark:stream").to("log:bench?level=OFF")} with default options
 * ({@code concurrentConsumers=1}, {@code maxInFlight=1000});</li>
 * <li>{@code camel-cc4}: the same with {@code concurrentConsumers=4} (any {@code camel-cc<N>[-mif<M>]} works);</li>
 * <li>{@code official}: the official Java SDK's websocket client ({@code com.lark.oapi.ws.Client}, oapi-sdk 2.5.3)
 * with an {@code EventDispatcher} whose {@code im.message.receive_v1} handler does nothing;</li>
 * <li>{@code netty}: a bare Netty websocket client ({@link LarkBareNettyClient}) answering on the I/O thread,
 * {@code writeAndFlush} per answer;</li>
 * <li>{@code netty-batch}: the same, one flush per read burst (informational upper bound).</li>
 * </ol>
 * Repetitions are interleaved (every client once per repetition; the first repetition only warms up the JIT). Per
 * client and repetition: connect, warm-up (not counted), a throughput phase (a backlog of N events pushed as fast as
 * the simulator's {@code pushEvent} returns) and a latency phase (events pushed at a fixed, moderate rate). All figures
 * come from the simulator's own records ({@link LarkSimulator#responses()}): an event counts when the simulator
 * received a response frame with code 200 for it. See {@code benchmarks/README.md}, section Lark.
 */
public final class LarkStreamBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
    private static final int EVENTS = Integer.getInteger("bench.events", 50000);
    private static final int LATENCY_EVENTS = Integer.getInteger("bench.latencyEvents", 2000);
    private static final int LATENCY_RATE = Integer.getInteger("bench.latencyRate", 1000);
    private static final int REPS = Integer.getInteger("bench.reps", 3);
    private static final int WARMUP_REPS = Integer.getInteger("bench.warmupReps", 1);
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    private static final List<String> CLIENTS = List.of(System.getProperty("bench.clients",
            "camel,camel-cc4,official,netty,netty-batch").split(","));
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.phaseTimeoutSeconds", 120));
    private static final Duration STALL = Duration.ofSeconds(Long.getLong("bench.stallSeconds", 10));

    private final LarkSimulator sim;
    /** The event body of every push: an {@code im.message.receive_v1} text message as Lark sends it. */
    private final Map<String, Object> event;
    /**
     * SeqID of the next data frame the simulator writes: it numbers data frames with a global counter from 1, and
     * only this class makes it write any (no splitting, nothing redelivered).
     */
    private long nextSeq = 1;
    /** Events some client never acknowledged, over the whole run. */
    private long lost;

    private LarkStreamBenchmark(LarkSimulator sim) {
        this.sim = sim;
        this.event = messageEvent(sim);
    }

    /** What one client achieved in one repetition. */
    record Rep(double eventsPerSecond, double pushPerSecond, double cpuMicrosPerEvent, long[] latencyNanos) {
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

        double pushPerSecond() {
            return median(reps.stream().mapToDouble(Rep::pushPerSecond).toArray());
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
        System.out.printf(
                Locale.ROOT, "Lark long-connection benchmark: %d (+%d warm-up) repetitions x clients %s; per repetition"
                             + " warm-up %d, throughput %d events, latency %d events at %d/s; %d CPUs; Java %s%n",
                REPS, WARMUP_REPS, CLIENTS, WARMUP, EVENTS, LATENCY_EVENTS, LATENCY_RATE,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        long t0 = System.nanoTime();
        // ack timeout far above any backlog drain time: nothing is redelivered during a measurement
        try (LarkSimulator sim = LarkSimulator.builder().ackTimeout(Duration.ofMinutes(10)).start()) {
            LarkStreamBenchmark bench = new LarkStreamBenchmark(sim);
            Map<String, List<Rep>> reps = new LinkedHashMap<>();
            // interleaved: each repetition runs every client once, so drift (JIT, heap growth, other load) spreads
            // over all of them; repetitions 1..WARMUP_REPS only warm up the JIT
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
            List<String> errors = sim.protocolErrors();
            if (!errors.isEmpty()) {
                System.out.println("simulator protocol errors: " + errors.size() + ", first: " + errors.get(0));
            }
            if (bench.lost > 0) {
                System.out.println("events never acknowledged over the run: " + bench.lost);
            }
            List<Result> results = new ArrayList<>();
            reps.forEach((k, v) -> results.add(new Result(k, v)));
            print(results, (System.nanoTime() - t0) / 1e9);
        }
        // the official ws client cannot be stopped (2.5.3 has no stop method); its ping loop thread stays behind
        System.out.flush();
        System.exit(0);
    }

    // ------------------------------------------------------------------ clients

    private Client client(String name) {
        return switch (name) {
            case "camel" -> camel(0, 0);
            case "camel-cc4" -> camel(4, 0);
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

    /** {@code concurrentConsumers} / {@code maxInFlight} 0: the component's default. */
    private Client camel(int concurrentConsumers, int maxInFlight) {
        return new Client() {
            private CamelContext context;

            @Override
            public void start() throws Exception {
                context = new DefaultCamelContext();
                LarkComponent component = new LarkComponent();
                LarkConfiguration cfg = component.getConfiguration();
                cfg.setAppId(sim.appId());
                cfg.setAppSecret(sim.appSecret());
                cfg.setApiUrl(sim.apiUrl());
                if (concurrentConsumers > 0) {
                    cfg.setConcurrentConsumers(concurrentConsumers);
                }
                if (maxInFlight > 0) {
                    cfg.setMaxInFlight(maxInFlight);
                }
                context.addComponent("lark", component);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("lark:stream").routeId("bench").to("log:bench?level=OFF");
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
            private com.lark.oapi.ws.Client ws;

            @Override
            public void start() {
                EventDispatcher dispatcher = EventDispatcher.newBuilder("", "")
                        .onP2MessageReceiveV1(new ImService.P2MessageReceiveV1Handler() {
                            @Override
                            public void handle(P2MessageReceiveV1 event) {
                                // nothing: the SDK answers {"code":200} when the handler returns
                            }
                        })
                        .build();
                ws = new com.lark.oapi.ws.Client.Builder(sim.appId(), sim.appSecret()).domain(sim.apiUrl())
                        .eventHandler(dispatcher).autoReconnect(false).build();
                // start() asks for the address, dials asynchronously (OkHttp) and starts the ping loop
                ws.start();
            }

            /**
             * 2.5.3 has no stop method: close the websocket through its protected {@code disconnect()} (close code
             * 1000; with autoReconnect off it stays closed), then let its handler pool and OkHttp threads go. The ping
             * loop keeps one pool thread (it sleeps, and does nothing without a connection).
             */
            @Override
            public void close() throws Exception {
                Class<?> c = com.lark.oapi.ws.Client.class;
                Method disconnect = c.getDeclaredMethod("disconnect");
                disconnect.setAccessible(true);
                disconnect.invoke(ws);
                Field executor = c.getDeclaredField("executor");
                executor.setAccessible(true);
                ((ExecutorService) executor.get(ws)).shutdown();
                Field http = c.getDeclaredField("httpClient");
                http.setAccessible(true);
                OkHttpClient ok = (OkHttpClient) http.get(ws);
                ok.dispatcher().executorService().shutdown();
                ok.connectionPool().evictAll();
            }
        };
    }

    private Client bare(boolean batchFlush) {
        return new Client() {
            private LarkBareNettyClient client;

            @Override
            public void start() throws Exception {
                client = new LarkBareNettyClient(sim.apiUrl(), sim.appId(), sim.appSecret(), batchFlush);
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

            Map<String, Long> cpuBefore = PROFILE ? threadCpu() : Map.of();
            long processCpuBefore = processCpuNanos();
            Phase tp = push(EVENTS, 0);
            tp.awaitAcked();
            long cpu = processCpuNanos() - processCpuBefore;
            Map<String, Long> cpuAfter = PROFILE ? threadCpu() : Map.of();
            Stats tps = tp.evaluate();

            Phase lat = push(LATENCY_EVENTS, LATENCY_RATE);
            lat.awaitAcked();
            Stats ls = lat.evaluate();

            double seconds = tps.spanNanos / 1e9;
            double pushPerSecond = EVENTS / (tp.pushNanos / 1e9);
            Rep r = new Rep(tps.acked / seconds, pushPerSecond, cpu / 1e3 / Math.max(1, tps.acked),
                    ls.sortedLatencyNanos());
            System.out.printf(Locale.ROOT,
                    "   %-12s %,7.0f events/s (%d in %.2f s; pushed at %,7.0f/s; %4.0f us CPU/event whole"
                                           + " JVM; backlog p50 %4.0f ms); latency at %d/s: p50 %.3f ms p99 %.3f ms%n",
                    name, r.eventsPerSecond(), tps.acked, seconds, pushPerSecond, r.cpuMicrosPerEvent(),
                    tps.percentile(0.5), LATENCY_RATE, ls.percentile(0.5), ls.percentile(0.99));
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
        final int responsesBefore;
        final String[] eventIds;
        final Instant[] pushedAt;
        long pushNanos;

        Phase(long firstSeq, int n) {
            this.firstSeq = firstSeq;
            this.responsesBefore = sim.responses().size();
            this.eventIds = new String[n];
            this.pushedAt = new Instant[n];
        }

        /**
         * Waits until every event of the phase is acknowledged, or until nothing more was acknowledged for
         * {@code bench.stallSeconds} (the simulator's ack timeout is beyond the run: nothing is redelivered while
         * measuring, an event a client lost stays unanswered). Lost events are reported, not fatal.
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

        /**
         * Latency per event = the simulator's arrival time of the first code-200 response frame for it
         * ({@link ResponseFrame#receivedAt()}) - the instant just before {@code pushEvent} was called. Response frames
         * are matched to pushes through the SeqID they echo.
         */
        Stats evaluate() {
            int n = eventIds.length;
            long[] latency = new long[n];
            boolean[] seen = new boolean[n];
            int acked = 0;
            Instant last = pushedAt[0];
            List<ResponseFrame> all = sim.responses();
            for (int k = responsesBefore; k < all.size(); k++) {
                ResponseFrame f = all.get(k);
                long i = f.seqId() - firstSeq;
                if (i < 0 || i >= n || seen[(int) i] || f.statusCode() != 200) {
                    continue;
                }
                seen[(int) i] = true;
                latency[acked++] = Duration.between(pushedAt[(int) i], f.receivedAt()).toNanos();
                if (f.receivedAt().isAfter(last)) {
                    last = f.receivedAt();
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

    /**
     * Pushes {@code n} events from this thread: as fast as {@code pushEvent} returns ({@code ratePerSecond} 0) or
     * paced at a fixed rate. The simulator has no batch push: every {@code pushEvent} builds the envelope, registers
     * the event and writes and flushes its frame under the simulator's lock.
     */
    private Phase push(int n, int ratePerSecond) {
        Phase phase = new Phase(nextSeq, n);
        long interval = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0;
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
            phase.eventIds[i] = sim.pushEvent("im.message.receive_v1", event);
            nextSeq++;
        }
        phase.pushNanos = System.nanoTime() - start;
        return phase;
    }

    /** The {@code event} object of an {@code im.message.receive_v1} text message in a group, as Lark sends it. */
    private static Map<String, Object> messageEvent(LarkSimulator sim) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("union_id", "on_8ed6aa67826108097d9ee143816345");
        id.put("user_id", "e33ggbyz");
        id.put("open_id", "ou_84aad35d084aa403a838cf73ee18467");
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("sender_id", id);
        sender.put("sender_type", "user");
        sender.put("tenant_key", sim.tenantKey());
        Map<String, Object> message = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        message.put("message_id", "om_5ce6d572455d361153b7cb51da133945");
        message.put("root_id", "");
        message.put("parent_id", "");
        message.put("create_time", String.valueOf(now));
        message.put("update_time", String.valueOf(now));
        message.put("chat_id", "oc_5ce6d572455d361153b7cb5xxfsdfsdfdsf");
        message.put("thread_id", "");
        message.put("chat_type", "group");
        message.put("message_type", "text");
        message.put("content", "{\"text\":\"benchmark message: hello from a user\"}");
        message.put("user_agent", "Mozilla/5.0 (camel-chat benchmark) Lark/7.0");
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("sender", sender);
        ev.put("message", message);
        return ev;
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

    /** CPU time per thread. */
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
                             + " / (last ack - first push) for a backlog of %d; push/s = median rate at which"
                             + " pushEvent returned; latency = ack received - pushEvent called, at %d events/s,"
                             + " percentiles over all repetitions' samples%n",
                REPS, totalSeconds, EVENTS,
                LATENCY_RATE);
        System.out.printf(Locale.ROOT, "%-14s %10s %19s %10s %10s %9s %9s %9s%n", "client", "events/s", "(min - max)",
                "push/s", "CPU us/ev", "p50 ms", "p99 ms", "p99.9 ms");
        Map<String, Result> byName = new LinkedHashMap<>();
        for (Result r : results) {
            byName.put(r.client(), r);
            System.out.printf(Locale.ROOT, "%-14s %,10.0f   (%,7.0f - %,7.0f) %,10.0f %10.1f %9.3f %9.3f %9.3f%n",
                    r.client(), r.eventsPerSecond(), r.minEventsPerSecond(), r.maxEventsPerSecond(), r.pushPerSecond(),
                    r.cpuMicrosPerEvent(), r.latencyMs(0.50), r.latencyMs(0.99), r.latencyMs(0.999));
        }
        System.out.println();
        System.out.println("ratios camel / other (throughput: higher is better; latency: lower is better)");
        for (Result c : results) {
            if (!c.client().startsWith("camel")) {
                continue;
            }
            for (String other : List.of("official", "netty", "netty-batch")) {
                Result o = byName.get(other);
                if (o == null) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "  %-12s / %-11s throughput %5.2f   p50 %5.2f   p99 %5.2f%n", c.client(),
                        other, c.eventsPerSecond() / o.eventsPerSecond(), c.latencyMs(0.5) / o.latencyMs(0.5),
                        c.latencyMs(0.99) / o.latencyMs(0.99));
            }
        }
        double minTp = results.stream().mapToDouble(Result::eventsPerSecond).min().orElse(Double.NaN);
        double maxTp = results.stream().mapToDouble(Result::eventsPerSecond).max().orElse(Double.NaN);
        double push = results.stream().mapToDouble(Result::pushPerSecond).max().orElse(Double.NaN);
        if (maxTp > 0.85 * push || minTp > 0.85 * maxTp) {
            System.out.printf(
                    Locale.ROOT, "%nNOTE: the clients' figures are within %.0f %% of each other and/or close to the"
                                 + " simulator's push rate (%,.0f/s): the simulator's one-frame-per-pushEvent path is"
                                 + " (close to) the bottleneck, the ratios understate differences between clients.%n",
                    100 * (1 - minTp / maxTp), push);
        }
        System.out.println();
    }
}
