package io.camelchat.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.OperatingSystemMXBean;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.openim.OpenImStreamConsumer;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Sdkws.PullMsgs;
import io.camelchat.openim.proto.Sdkws.PushMessages;
import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * OpenIM websocket gateway: messages per second received, routed and their seqs stored, {@code openim:stream} against a
 * bare reader, side by side in one JVM run on one {@link OpenImSimulator}.
 * <ul>
 * <li>{@code camel}: {@code from("openim:stream?offsetRepository=#offsets").process(count).to("log:bench?level=OFF")},
 * component defaults (gob, gzip, concurrentConsumers 1, maxInFlight 1000), admin credentials (the component fetches the
 * bot's token over HTTP), a {@link MemoryStateRepository} that counts its writes, fresh per measurement.</li>
 * <li>{@code bare}: the JDK's {@link HttpClient} (login: get_admin_token, get_user_token) and {@link WebSocket} with the
 * same query (sdkType go, compression gzip, platformID 1); each binary message is decoded with camel-openim's codec
 * ({@link OpenImFrames}) and {@link PushMessages#parseFrom}, and its messages counted, on the socket's thread. No
 * routing, no offsets, no sync, no pings.</li>
 * </ul>
 * Per measurement: the client connects (camel: its first sync done), {@code bench.warmup} messages are pushed and
 * received, then {@code bench.events} messages are pushed by one thread with {@code sim.sendText(ann, bot, text)} (the
 * simulator stores each and pushes it as one 2001 frame to the bot's connection) while the client reads them.
 * events/s = messages / (the last one counted - the first push). Lost = pushed - counted; for camel the offset
 * repository must end at the last pushed seq. CPU: the client's own threads (ThreadMXBean, per thread: every thread
 * except the simulator's {@code openim-*}, the pusher and main) per message. {@code 1 + 3} repetitions, the clients
 * interleaved in alternating order, the first repetition only warms up; medians of the 3, ratio camel / bare.
 * <p>
 * Options (system properties): {@code bench.clients} (camel,bare), {@code bench.reps} / {@code bench.warmupReps}
 * (3 / 1), {@code bench.warmup} (2000), {@code bench.events} (20000), {@code bench.stallSeconds} (45: longer than the component's 30 s response timeout, so that a stall it recovers from is not counted as a loss).
 */
public final class OpenImStreamBenchmark {

    static final String SECRET = "openIM123-bench";
    static final String ADMIN = "imAdmin";
    static final String BOT = "bot";
    static final String ANN = "ann";
    static final String TEXT = OpenImCodecBenchmark.TEXT;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A client under test. */
    interface Client extends AutoCloseable {
        /** Messages counted so far. */
        long count();

        /** System.nanoTime() when the last one was counted. */
        long lastAt();

        /** Connects and returns when ready to receive pushes. */
        void start() throws Exception;

        /** Waits after the phase until everything counted is also done (camel: seqs stored); returns a note. */
        String settle(long lastSeq, long deadlineNanos) throws InterruptedException;
    }

    /** One measurement. */
    record Result(String client, long events, double eventsPerSecond, double pushPerSecond, long lost,
            double clientCpuMicrosPerEvent, double jvmCpuMicrosPerEvent, String note) {
    }

    private final OpenImSimulator sim;
    private final String conversation;

    OpenImStreamBenchmark(OpenImSimulator sim) {
        this.sim = sim;
        this.conversation = OpenImSimulator.singleConversationId(ANN, BOT);
    }

    // ---- camel

    /** The offset repository: counts writes and keeps the last value of the benchmark's conversation. */
    static final class CountingRepository extends MemoryStateRepository {
        final AtomicLong writes = new AtomicLong();

        @Override
        public void setState(String key, String value) {
            writes.incrementAndGet();
            super.setState(key, value);
        }
    }

    final class CamelClient implements Client {
        private final AtomicLong count = new AtomicLong();
        private volatile long lastAt;
        private final CountingRepository offsets = new CountingRepository();
        private CamelContext context;

        @Override
        public long count() {
            return count.get();
        }

        @Override
        public long lastAt() {
            return lastAt;
        }

        @Override
        public void start() throws Exception {
            context = new DefaultCamelContext();
            OpenImComponent component = new OpenImComponent();
            OpenImConfiguration c = component.getConfiguration();
            c.setApiUrl(sim.apiUrl());
            c.setWsUrl(sim.wsUrl());
            c.setAdminUserId(ADMIN);
            c.setSecret(SECRET);
            c.setUserId(BOT);
            context.addComponent("openim", component);
            context.getRegistry().bind("offsets", offsets);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("openim:stream?offsetRepository=#offsets").routeId("bench").process(e -> {
                        count.incrementAndGet();
                        lastAt = System.nanoTime();
                    }).to("log:bench?level=OFF");
                }
            });
            context.start();
            OpenImStreamConsumer consumer = (OpenImStreamConsumer) context.getRoute("bench").getConsumer();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.getSyncCount() < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("openim:stream did not sync in 30 s");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public String settle(long lastSeq, long deadlineNanos) throws InterruptedException {
            String key = "openim." + BOT + "." + conversation;
            while (!Long.toString(lastSeq).equals(offsets.getState(key)) && System.nanoTime() < deadlineNanos) {
                Thread.sleep(2);
            }
            OpenImStreamConsumer consumer = (OpenImStreamConsumer) context.getRoute("bench").getConsumer();
            return "syncs " + consumer.getSyncCount() + ", gap fills " + consumer.getGapFillCount()
                   + ", duplicate pushes " + consumer.getDuplicatePushCount() + ", stored seq " + offsets.getState(key)
                   + (Long.toString(lastSeq).equals(offsets.getState(key))
                           ? " = last pushed" : " != last pushed " + lastSeq)
                   + ", " + offsets.writes.get() + " offset writes";
        }

        long offsetWrites() {
            return offsets.writes.get();
        }

        @Override
        public void close() throws Exception {
            if (context != null) {
                context.close();
            }
        }
    }

    // ---- bare

    final class BareClient implements Client, WebSocket.Listener {
        private final AtomicLong count = new AtomicLong();
        private volatile long lastAt;
        private final OpenImFrames frames = new OpenImFrames();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final AtomicLong badFrames = new AtomicLong();
        private HttpClient http;
        private ExecutorService executor;
        private WebSocket ws;

        @Override
        public long count() {
            return count.get();
        }

        @Override
        public long lastAt() {
            return lastAt;
        }

        @Override
        public void start() throws Exception {
            AtomicLong threadCount = new AtomicLong();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "bare-http-" + threadCount.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http = HttpClient.newBuilder().executor(executor).build();
            String admin = token(post("/auth/get_admin_token", null,
                    "{\"secret\":\"" + SECRET + "\",\"userID\":\"" + ADMIN + "\"}"));
            String user = token(post("/auth/get_user_token", admin,
                    "{\"platformID\":1,\"userID\":\"" + BOT + "\"}"));
            URI uri = URI.create(sim.wsUrl() + "?sendID=" + BOT + "&token=" + URLEncoder.encode(user,
                    StandardCharsets.UTF_8) + "&platformID=1&operationID=bench&sdkType=go&compression=gzip");
            ws = http.newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sim.connections(BOT).size() != 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bare client's connection is not seen by the simulator");
                }
                Thread.sleep(5);
            }
        }

        private String post(String path, String token, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.apiUrl() + path))
                    .header("Content-Type", "application/json").header("operationID", "bench")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (token != null) {
                b.header("token", token);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        private static String token(String body) {
            Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no token in " + body);
            }
            return m.group(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] frame;
            if (last && partial.size() == 0) {
                frame = new byte[data.remaining()];
                data.get(frame);
            } else {
                byte[] part = new byte[data.remaining()];
                data.get(part);
                partial.writeBytes(part);
                frame = null;
                if (last) {
                    frame = partial.toByteArray();
                    partial.reset();
                }
            }
            if (frame != null) {
                read(frame);
            }
            webSocket.request(1);
            return null;
        }

        private void read(byte[] frame) {
            try {
                WsResponse r = frames.decodeResponse(frame, Encoding.GOB, true);
                if (r.reqIdentifier() != 2001) {
                    return;
                }
                PushMessages push = PushMessages.parseFrom(r.data());
                int n = 0;
                for (PullMsgs m : push.getMsgsMap().values()) {
                    n += m.getMsgsCount();
                }
                count.addAndGet(n);
                lastAt = System.nanoTime();
            } catch (OpenImCodecException | IOException e) {
                badFrames.incrementAndGet();
            }
        }

        @Override
        public String settle(long lastSeq, long deadlineNanos) {
            return badFrames.get() == 0 ? "" : badFrames.get() + " undecodable frames";
        }

        @Override
        public void close() throws Exception {
            if (ws != null) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
                ws.abort();
            }
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    // ---- measuring

    /** CPU nanoseconds of every live thread that is not the simulator's, the pusher or main, by thread id. */
    static Map<Long, Long> clientThreadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            String name = t.getThreadName();
            if (name.startsWith("openim-") || name.startsWith("bench-pusher") || "main".equals(name)) {
                continue;
            }
            long ns = THREADS.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                cpu.put(t.getThreadId(), ns);
            }
        }
        return cpu;
    }

    static long cpuSince(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Pushes n messages from ann to the bot on a thread of its own; returns {last seq, nanos when done}. */
    long[] push(int n) throws InterruptedException {
        long[] out = new long[2];
        Thread pusher = new Thread(() -> {
            OpenImMessage last = null;
            for (int i = 0; i < n; i++) {
                last = sim.sendText(ANN, BOT, TEXT);
            }
            out[0] = last == null ? -1 : last.seq();
            out[1] = System.nanoTime();
        }, "bench-pusher");
        pusher.start();
        pusher.join();
        return out;
    }

    Result measure(String name, int warmup, int events, int stallSeconds) throws Exception {
        try (Client c = "camel".equals(name) ? new CamelClient() : new BareClient()) {
            c.start();
            push(warmup);
            awaitCount(c, warmup, stallSeconds);
            long base = c.count();
            System.gc();
            Map<Long, Long> cpuBefore = clientThreadCpu();
            long jvmBefore = processCpu();
            long t0 = System.nanoTime();
            long[] pushed = push(events);
            long counted = awaitCount(c, base + events, stallSeconds) - base;
            long t1 = c.lastAt();
            long jvm = processCpu() - jvmBefore;
            long cpu = cpuSince(cpuBefore, clientThreadCpu());
            String note = c.settle(pushed[0], System.nanoTime() + TimeUnit.SECONDS.toNanos(stallSeconds));
            long lost = events - counted;
            return new Result(name, counted, counted / ((t1 - t0) / 1e9), events / ((pushed[1] - t0) / 1e9), lost,
                    cpu / 1e3 / Math.max(1, counted), jvm / 1e3 / Math.max(1, counted), note);
        } finally {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sim.connections(BOT).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    /** Waits until the client counted at least target, or nothing new came for stallSeconds; returns the count. */
    static long awaitCount(Client c, long target, int stallSeconds) throws InterruptedException {
        long last = c.count();
        long progressAt = System.nanoTime();
        while (c.count() < target) {
            Thread.sleep(1);
            long now = c.count();
            if (now != last) {
                last = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                break;
            }
        }
        return c.count();
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        List<String> clients = List.of(System.getProperty("bench.clients", "camel,bare").split(","));
        int reps = Integer.getInteger("bench.reps", 3);
        int warmupReps = Integer.getInteger("bench.warmupReps", 1);
        int warmup = Integer.getInteger("bench.warmup", 2000);
        int events = Integer.getInteger("bench.events", 20000);
        int stall = Integer.getInteger("bench.stallSeconds", 45);
        System.out.printf("OpenImStreamBenchmark: clients %s, %d + %d repetitions, %d warm-up + %d messages, "
                          + "Java %s, %d CPUs%n",
                clients, warmupReps, reps, warmup, events, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Map<String, List<Result>> results = new LinkedHashMap<>();
        clients.forEach(c -> results.put(c, new ArrayList<>()));
        try (OpenImSimulator sim = OpenImSimulator.builder().secret(SECRET).adminUserId(ADMIN).user(BOT, "Bot")
                .user(ANN, "Ann").idleTimeout(Duration.ofMinutes(10)).multiLoginPolicy(0).start()) {
            OpenImStreamBenchmark bench = new OpenImStreamBenchmark(sim);
            for (int rep = 0; rep < warmupReps + reps; rep++) {
                List<String> order = new ArrayList<>(clients);
                if (rep % 2 == 1) {
                    Collections.reverse(order);
                }
                for (String client : order) {
                    Result r = bench.measure(client, warmup, events, stall);
                    boolean counted = rep >= warmupReps;
                    System.out.printf("%s rep %d %-6s %,9.0f events/s  push %,9.0f/s  lost %d  client CPU %.1f us/event"
                                      + "  JVM CPU %.1f us/event  %s%n",
                            counted ? "   " : "(w)", rep, client, r.eventsPerSecond(), r.pushPerSecond(), r.lost(),
                            r.clientCpuMicrosPerEvent(), r.jvmCpuMicrosPerEvent(), r.note());
                    if (counted) {
                        results.get(client).add(r);
                    }
                }
            }
            if (!sim.protocolErrors().isEmpty()) {
                System.out.println("simulator protocol errors: " + sim.protocolErrors());
            }
        }
        System.out.println();
        System.out.println("| client | events/s median (min - max) | push/s median | client CPU us/event | "
                           + "JVM CPU us/event | lost |");
        System.out.println("|---|---|---|---|---|---|");
        Map<String, Double> medians = new HashMap<>();
        Map<String, Double> cpuMedians = new HashMap<>();
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            List<Result> rs = e.getValue();
            List<Double> eps = rs.stream().map(Result::eventsPerSecond).toList();
            double m = median(eps);
            medians.put(e.getKey(), m);
            cpuMedians.put(e.getKey(), median(rs.stream().map(Result::clientCpuMicrosPerEvent).toList()));
            System.out.printf("| %s | %,.0f (%,.0f - %,.0f) | %,.0f | %.1f | %.1f | %d |%n", e.getKey(), m,
                    Collections.min(eps), Collections.max(eps),
                    median(rs.stream().map(Result::pushPerSecond).toList()), cpuMedians.get(e.getKey()),
                    median(rs.stream().map(Result::jvmCpuMicrosPerEvent).toList()),
                    rs.stream().mapToLong(Result::lost).sum());
        }
        if (medians.containsKey("camel") && medians.containsKey("bare")) {
            List<Result> camel = results.get("camel");
            List<Result> bare = results.get("bare");
            StringBuilder per = new StringBuilder();
            for (int i = 0; i < Math.min(camel.size(), bare.size()); i++) {
                per.append(i == 0 ? "" : ", ")
                        .append(String.format("%.2f", camel.get(i).eventsPerSecond() / bare.get(i).eventsPerSecond()));
            }
            System.out.printf("ratio camel / bare: events/s %.2f (per repetition %s), client CPU per event %.2f%n",
                    medians.get("camel") / medians.get("bare"), per,
                    cpuMedians.get("camel") / cpuMedians.get("bare"));
        }
        System.exit(0);
    }
}
