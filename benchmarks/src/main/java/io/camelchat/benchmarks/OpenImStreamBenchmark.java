package io.camelchat.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelchat.benchmarks.harness.Await;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Harness.Metric;
import io.camelchat.benchmarks.harness.Sample;
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
 * <li>{@code camel} ({@code camel-io}: the same with {@code usingExecutorService=false}):
 * {@code from("openim:stream?offsetRepository=#offsets").process(count).to("log:bench?level=OFF")},
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
 * repository must end at the last pushed seq. Then {@code bench.latencyEvents} messages paced at
 * {@code bench.latencyRate}: latency = sendText called - the message counted.
 */
public final class OpenImStreamBenchmark {

    static final String SECRET = "openIM123-bench";
    static final String ADMIN = "imAdmin";
    static final String BOT = "bot";
    static final String ANN = "ann";
    static final String TEXT = OpenImCodecBenchmark.TEXT;

    private static final int WARMUP = BenchOptions.integer("warmup", 2000);
    private static final int EVENTS = BenchOptions.integer("events", 20000);
    private static final int LATENCY_EVENTS = BenchOptions.integer("latencyEvents", 2000);
    private static final int LATENCY_RATE = BenchOptions.integer("latencyRate", 1000);
    /** Longer than the component's 30 s response timeout: a stall it recovers from is not counted as a loss. */
    private static final Duration STALL = BenchOptions.seconds("stallSeconds", 45);

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

        /** From now on, the instant the k-th message after {@code base} was counted goes to {@code at[k - 1]}. */
        void stamp(long[] at, long base);
    }

    /** The counting of both clients, with the optional time stamps of the latency phase. */
    abstract static class Counting implements Client {
        private final AtomicLong count = new AtomicLong();
        private volatile long lastAt;
        private volatile long[] stamps;
        private volatile long stampBase;

        @Override
        public long count() {
            return count.get();
        }

        @Override
        public long lastAt() {
            return lastAt;
        }

        @Override
        public void stamp(long[] at, long base) {
            stampBase = base;
            stamps = at;
        }

        void counted(int n) {
            long now = System.nanoTime();
            long k = count.addAndGet(n);
            lastAt = now;
            long[] s = stamps;
            if (s != null) {
                for (long i = k - n; i < k; i++) {
                    int idx = (int) (i - stampBase);
                    if (idx >= 0 && idx < s.length) {
                        s[idx] = now;
                    }
                }
            }
        }
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

    final class CamelClient extends Counting {
        private final CountingRepository offsets = new CountingRepository();
        private final boolean onIoThread;
        private CamelContext context;

        /** @param onIoThread {@code usingExecutorService=false} (client {@code camel-io}) */
        CamelClient(boolean onIoThread) {
            this.onIoThread = onIoThread;
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
            c.setUsingExecutorService(!onIoThread);
            context.addComponent("openim", component);
            context.getRegistry().bind("offsets", offsets);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("openim:stream?offsetRepository=#offsets").routeId("bench").process(e -> counted(1))
                            .to("log:bench?level=OFF");
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

    final class BareClient extends Counting implements WebSocket.Listener {
        private final OpenImFrames frames = new OpenImFrames();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final AtomicLong badFrames = new AtomicLong();
        private HttpClient http;
        private ExecutorService executor;
        private WebSocket ws;

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
                counted(n);
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

    /** Pushes n messages from ann to the bot on a harness thread, paced at perSecond (0: at once). */
    long[] push(Harness h, int n, int perSecond, long[] pushedAt) throws InterruptedException {
        long[] out = new long[2];
        Thread pusher = h.harnessThread("pusher", () -> {
            OpenImMessage last = null;
            long start = System.nanoTime();
            long interval = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
            for (int i = 0; i < n; i++) {
                if (interval > 0) {
                    Await.pace(start + i * interval);
                }
                if (pushedAt != null) {
                    pushedAt[i] = System.nanoTime();
                }
                last = sim.sendText(ANN, BOT, TEXT);
            }
            out[0] = last == null ? -1 : last.seq();
            out[1] = System.nanoTime();
        });
        pusher.start();
        pusher.join();
        return out;
    }

    void measure(String name, Harness h, String backlog, String paced) throws Exception {
        try (Client c = name.startsWith("camel") ? new CamelClient(name.endsWith("-io")) : new BareClient()) {
            c.start();
            push(h, WARMUP, 0, null);
            awaitCount(c, WARMUP);
            long base = c.count();
            System.gc();
            Sample s = h.begin(backlog);
            long[] pushed = push(h, EVENTS, 0, null);
            long counted = awaitCount(c, base + EVENTS) - base;
            s.end(counted, c.lastAt() - s.startNanos()).lost(EVENTS - counted)
                    .note("push/s", EVENTS / ((pushed[1] - s.startNanos()) / 1e9));
            String note = c.settle(pushed[0], System.nanoTime() + STALL.toNanos());
            if (!note.isEmpty()) {
                System.out.println("   " + name + ": " + note);
            }
            // frame -> route: the instant just before sendText -> the instant the route (bare: the decoder) counted it
            long[] pushedAt = new long[LATENCY_EVENTS];
            long[] routedAt = new long[LATENCY_EVENTS];
            base = c.count();
            c.stamp(routedAt, base);
            Sample l = h.begin(paced);
            push(h, LATENCY_EVENTS, LATENCY_RATE, pushedAt);
            counted = awaitCount(c, base + LATENCY_EVENTS) - base;
            l.end(counted, c.lastAt() - l.startNanos()).lost(LATENCY_EVENTS - counted);
            c.stamp(null, 0);
            long[] lat = new long[(int) counted];
            for (int i = 0; i < counted; i++) {
                lat[i] = routedAt[i] - pushedAt[i];
            }
            l.latencies(lat);
        } finally {
            Await.until(() -> sim.connections(BOT).isEmpty(), Duration.ofSeconds(10), "still connected");
        }
    }

    /** Waits until the client counted at least target, or nothing new came for the stall time; returns the count. */
    static long awaitCount(Client c, long target) {
        Await.progress(c::count, target, STALL, STALL.multipliedBy(10));
        return c.count();
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("OpenIM stream benchmark", OpenImStreamBenchmark.class)
                .subjects(name -> name.startsWith("camel"));
        String backlog = "backlog " + EVENTS;
        String paced = "at " + LATENCY_RATE + "/s";
        h.describe(backlog + ": one harness thread pushes with sim.sendText (one gzip + gob 2001 frame per message);"
                   + " events/s = counted / (last counted - first push)")
                .describe(paced + ": latency = sendText called -> the route (bare: the decoder) counted the message")
                .describe("camel: openim:stream with an offset repository (one write per message); bare: the JDK"
                          + " WebSocket + the component's codec, counting only")
                .goal(backlog, Metric.CPU, "camel", "bare", 1.25)
                .goal(paced, Metric.P99_MS, "camel", null, 2.0);
        try (OpenImSimulator sim = OpenImSimulator.builder().secret(SECRET).adminUserId(ADMIN).user(BOT, "Bot")
                .user(ANN, "Ann").idleTimeout(Duration.ofMinutes(10)).multiLoginPolicy(0).start()) {
            OpenImStreamBenchmark bench = new OpenImStreamBenchmark(sim);
            h.run(BenchOptions.list("clients", "camel,bare"),
                    (client, harness) -> bench.measure(client, harness, backlog, paced));
            if (!sim.protocolErrors().isEmpty()) {
                System.out.println("simulator protocol errors: " + sim.protocolErrors());
            }
        }
        Harness.exit();
    }
}
