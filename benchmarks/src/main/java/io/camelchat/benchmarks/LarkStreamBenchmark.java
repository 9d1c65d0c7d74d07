package io.camelchat.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import com.lark.oapi.event.EventDispatcher;
import com.lark.oapi.okhttp.OkHttpClient;
import com.lark.oapi.service.im.ImService;
import com.lark.oapi.service.im.v1.model.P2MessageReceiveV1;
import io.camelchat.benchmarks.harness.AckedStream;
import io.camelchat.benchmarks.harness.Await;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Harness.Metric;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.ResponseFrame;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Lark long connection (websocket, pbbp2 frames), side by side on one {@link LarkSimulator} (plain {@code ws}), each
 * client alone on it:
 * <ul>
 * <li>{@code camel}: {@code from("lark:stream").to("log:bench?level=OFF")}, defaults ({@code camel-io}: routed on the I/O thread; {@code camel-cc<N>[-mif<M>]}
 * for other options);</li>
 * <li>{@code official}: the official SDK's {@code com.lark.oapi.ws.Client} (oapi-sdk 2.5.3) with an
 * {@code EventDispatcher} whose {@code im.message.receive_v1} handler does nothing;</li>
 * <li>{@code netty} / {@code netty-batch}: {@link LarkBareNettyClient}, answering on the I/O thread (the
 * reference).</li>
 * </ul>
 * An event counts when the simulator holds a code-200 response frame for it ({@link LarkSimulator#responses()}).
 */
public final class LarkStreamBenchmark extends AckedStream {

    private static final int WARMUP = BenchOptions.integer("warmup", 3000);
    private static final int EVENTS = BenchOptions.integer("events", 30000);
    private static final int LATENCY_EVENTS = BenchOptions.integer("latencyEvents", 2000);
    private static final int LATENCY_RATE = BenchOptions.integer("latencyRate", 1000);

    private final LarkSimulator sim;
    private final Map<String, Object> event;
    /** SeqID of the next data frame the simulator writes (only this class makes it write any). */
    private long nextSeq = 1;
    /** mark -> index of the first response frame that may answer the phase. */
    private final Map<Long, Integer> responsesBefore = new LinkedHashMap<>();

    private LarkStreamBenchmark(LarkSimulator sim) {
        this.sim = sim;
        this.event = messageEvent(sim);
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("Lark long-connection benchmark", LarkStreamBenchmark.class);
        String backlog = "backlog " + EVENTS;
        String paced = "at " + LATENCY_RATE + "/s";
        h.describe(
                backlog + ": im.message.receive_v1 events (about 900 bytes of JSON), one pushEvent each (the simulator"
                   + " has no batch push); events/s = acked / (last ack - first push)")
                .describe(paced + ": " + LATENCY_EVENTS + " events; latency = response frame received by the simulator"
                          + " - push")
                .goal(backlog, Metric.CPU, "camel", "official", 0.5)
                .goal(backlog, Metric.CPU, "camel", "netty", 1.25)
                .goal(paced, Metric.P99_MS, "camel", null, 2.0);
        try (LarkSimulator sim = LarkSimulator.builder().ackTimeout(Duration.ofMinutes(10)).start()) {
            LarkStreamBenchmark bench = new LarkStreamBenchmark(sim);
            h.run(BenchOptions.list("clients", "camel,official,netty"), (client, harness) -> {
                try (AutoCloseable c = bench.start(client)) {
                    Await.until(() -> sim.openConnections() == 1, Duration.ofSeconds(30), client + " did not connect");
                    bench.warmUp(WARMUP);
                    bench.backlog(harness, backlog, EVENTS);
                    bench.paced(harness, paced, LATENCY_EVENTS, LATENCY_RATE);
                }
                Await.until(() -> sim.openConnections() == 0, Duration.ofSeconds(30), client + " did not disconnect");
            });
            if (!sim.protocolErrors().isEmpty()) {
                System.out.println("simulator protocol errors: " + sim.protocolErrors().size() + ", first: "
                                   + sim.protocolErrors().get(0));
            }
        }
        // the official ws client cannot be stopped (2.5.3 has no stop method); its ping loop thread stays behind
        Harness.exit();
    }

    // ------------------------------------------------------------------ clients

    private AutoCloseable start(String name) throws Exception {
        return switch (name) {
            case "official" -> official();
            case "netty", "netty-batch" -> {
                LarkBareNettyClient c = new LarkBareNettyClient(sim.apiUrl(), sim.appId(), sim.appSecret(),
                        name.equals("netty-batch"));
                c.start();
                yield c::close;
            }
            default -> camel(CamelClients.camelOptions(name));
        };
    }

    private AutoCloseable camel(CamelClients.Options o) throws Exception {
        CamelContext context = new DefaultCamelContext();
        LarkComponent component = new LarkComponent();
        LarkConfiguration cfg = component.getConfiguration();
        cfg.setAppId(sim.appId());
        cfg.setAppSecret(sim.appSecret());
        cfg.setApiUrl(sim.apiUrl());
        if (o.concurrentConsumers() > 0) {
            cfg.setConcurrentConsumers(o.concurrentConsumers());
        }
        if (o.maxInFlight() > 0) {
            cfg.setMaxInFlight(o.maxInFlight());
        }
        cfg.setUsingExecutorService(!o.onIoThread());
        context.addComponent("lark", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("lark:stream").routeId("bench").to("log:bench?level=OFF");
            }
        });
        context.start();
        return context::stop;
    }

    private AutoCloseable official() {
        EventDispatcher dispatcher = EventDispatcher.newBuilder("", "")
                .onP2MessageReceiveV1(new ImService.P2MessageReceiveV1Handler() {
                    @Override
                    public void handle(P2MessageReceiveV1 event) {
                        // nothing: the SDK answers {"code":200} when the handler returns
                    }
                })
                .build();
        com.lark.oapi.ws.Client ws = new com.lark.oapi.ws.Client.Builder(sim.appId(), sim.appSecret())
                .domain(sim.apiUrl()).eventHandler(dispatcher).autoReconnect(false).build();
        // start() asks for the address, dials asynchronously (OkHttp) and starts the ping loop
        ws.start();
        // 2.5.3 has no stop method: close the websocket through its protected disconnect() (close code 1000; with
        // autoReconnect off it stays closed), then let its handler pool and OkHttp threads go. The ping loop keeps one
        // pool thread (asleep, and idle without a connection).
        return () -> {
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
        };
    }

    // ------------------------------------------------------------------ the simulator's side

    @Override
    protected List<String> pushBacklog(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(pushOne());
        }
        return ids;
    }

    @Override
    protected String pushOne() {
        nextSeq++;
        return sim.pushEvent("im.message.receive_v1", event);
    }

    @Override
    protected boolean acknowledged(String id) {
        return sim.isAcknowledged(id);
    }

    @Override
    protected long mark() {
        responsesBefore.put(nextSeq, sim.responses().size());
        return nextSeq;
    }

    /** Response frames are matched to pushes through the SeqID they echo. */
    @Override
    protected Instant[] acknowledgedAt(long firstSeq, int n) {
        Instant[] at = new Instant[n];
        List<ResponseFrame> all = sim.responses();
        for (int k = responsesBefore.remove(firstSeq); k < all.size(); k++) {
            ResponseFrame f = all.get(k);
            long i = f.seqId() - firstSeq;
            if (i >= 0 && i < n && at[(int) i] == null && f.statusCode() == 200) {
                at[(int) i] = f.receivedAt();
            }
        }
        return at;
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
}
