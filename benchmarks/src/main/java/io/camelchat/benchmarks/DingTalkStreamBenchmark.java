package io.camelchat.benchmarks;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import io.camelchat.benchmarks.harness.AckedStream;
import io.camelchat.benchmarks.harness.Await;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Harness.Metric;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.simulator.common.SimulatorTls;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * DingTalk Stream, side by side on one {@link DingTalkSimulator} (TLS on), each client alone on it:
 * <ul>
 * <li>{@code camel}: {@code from("dingtalk:stream?subscriptions=event").to("log:bench?level=OFF")}, defaults;</li>
 * <li>{@code camel-cc4}: the same with {@code concurrentConsumers=4} (any {@code camel-cc<N>[-mif<M>]} works);</li>
 * <li>{@code camel-io}: the same with {@code usingExecutorService=false}, routed on the I/O thread;</li>
 * <li>{@code official}: the official Stream SDK ({@code app-stream-client}), a listener returning {@code SUCCESS};</li>
 * <li>{@code netty} / {@code netty-batch} / {@code netty-heap}: {@link BareNettyStreamClient}, acking on the I/O
 * thread (the reference; {@code netty-heap} decrypts TLS from heap buffers as the component does).</li>
 * </ul>
 * Phases per client and repetition: a backlog of {@code bench.events} and {@code bench.latencyEvents} paced at
 * {@code bench.latencyRate}; an event counts when the simulator holds its code-200 SUCCESS ack. See
 * {@code benchmarks/README.md}.
 */
public final class DingTalkStreamBenchmark extends AckedStream {

    private static final int WARMUP = BenchOptions.integer("warmup", 3000);
    private static final int EVENTS = BenchOptions.integer("events", 50000);
    private static final int LATENCY_EVENTS = BenchOptions.integer("latencyEvents", 2000);
    private static final int LATENCY_RATE = BenchOptions.integer("latencyRate", 1000);

    private final DingTalkSimulator sim;
    private final Map<String, Object> data = new LinkedHashMap<>();
    /** Sequence number of the next messageId the simulator creates (only this class makes it create any). */
    private long nextSeq = 1;

    private DingTalkStreamBenchmark(DingTalkSimulator sim) {
        this.sim = sim;
        data.put("timeStamp", String.valueOf(System.currentTimeMillis()));
        data.put("userId", List.of("benchuser0001"));
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("DingTalk Stream benchmark", DingTalkStreamBenchmark.class);
        // before any TLS use: every client verifies the simulator's localhost certificate via the default trust store
        System.setProperty("javax.net.ssl.trustStore", SimulatorTls.trustStoreFile().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", SimulatorTls.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        String backlog = "backlog " + EVENTS;
        String paced = "at " + LATENCY_RATE + "/s";
        h.describe(backlog + ": events/s = acked / (last ack - first push), client CPU per acked event")
                .describe(paced + ": " + LATENCY_EVENTS + " events; latency = ack received by the simulator - push")
                .goal(backlog, Metric.CPU, "camel", "official", 0.5)
                .goal(backlog, Metric.CPU, "camel", "netty", 1.25)
                .goal(backlog, Metric.CPU, "camel", "netty-heap", 1.25)
                .goal(paced, Metric.P99_MS, "camel", null, 2.0);
        try (DingTalkSimulator sim = DingTalkSimulator.builder().tls(true).ackTimeout(Duration.ofMinutes(10)).start()) {
            DingTalkStreamBenchmark bench = new DingTalkStreamBenchmark(sim);
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
        Harness.exit();
    }

    // ------------------------------------------------------------------ clients

    private AutoCloseable start(String name) throws Exception {
        return switch (name) {
            case "official" -> official();
            case "netty", "netty-batch", "netty-heap" -> {
                BareNettyStreamClient c = new BareNettyStreamClient(sim.apiUrl(), sim.clientId(), sim.clientSecret(),
                        name.equals("netty-batch"), name.equals("netty-heap"));
                c.start();
                yield c::close;
            }
            default -> camel(CamelClients.camelOptions(name));
        };
    }

    private AutoCloseable camel(CamelClients.Options o) throws Exception {
        CamelContext context = new DefaultCamelContext();
        DingTalkComponent component = new DingTalkComponent();
        DingTalkConfiguration cfg = component.getConfiguration();
        cfg.setClientId(sim.clientId());
        cfg.setClientSecret(sim.clientSecret());
        cfg.setApiUrl(sim.apiUrl());
        cfg.setOapiUrl(sim.oapiUrl());
        if (o.concurrentConsumers() > 0) {
            cfg.setConcurrentConsumers(o.concurrentConsumers());
        }
        if (o.maxInFlight() > 0) {
            cfg.setMaxInFlight(o.maxInFlight());
        }
        cfg.setUsingExecutorService(!o.onIoThread());
        context.addComponent("dingtalk", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event").routeId("bench").to("log:bench?level=OFF");
            }
        });
        context.start();
        return context::stop;
    }

    private AutoCloseable official() throws Exception {
        OpenDingTalkStreamClientBuilder b = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(sim.clientId(), sim.clientSecret()))
                .registerAllEventListener(event -> EventAckStatus.SUCCESS);
        // the registration host is private in the SDK (protocol notes 0.3)
        Field host = OpenDingTalkStreamClientBuilder.class.getDeclaredField("openApiHost");
        host.setAccessible(true);
        host.set(b, sim.apiUrl());
        OpenDingTalkClient client = b.build();
        client.start();
        return client::stop;
    }

    // ------------------------------------------------------------------ the simulator's side

    @Override
    protected List<String> pushBacklog(int count) {
        // registered at once and written in bursts of 64 frames with one flush: the simulator outpaces the client
        List<String> ids = sim.pushEvents(count, "user_add_org", data);
        nextSeq += count;
        return ids;
    }

    @Override
    protected String pushOne() {
        nextSeq++;
        return sim.pushEvent("user_add_org", data);
    }

    @Override
    protected boolean acknowledged(String id) {
        return sim.isAcknowledged(id);
    }

    @Override
    protected long mark() {
        return nextSeq;
    }

    /** Acks are matched to pushes through the messageId's sequence number (hexadecimal, after the last '_'). */
    @Override
    protected Instant[] acknowledgedAt(long firstSeq, int n) {
        Instant[] at = new Instant[n];
        for (FrameAck a : sim.acks()) {
            if (a.messageId() == null) {
                continue;
            }
            long seq = Long.parseLong(a.messageId().substring(a.messageId().lastIndexOf('_') + 1), 16);
            int i = (int) (seq - firstSeq);
            Object status = a.data() == null ? null : a.data().get("status");
            if (i >= 0 && i < n && at[i] == null && a.code() == 200 && (status == null || "SUCCESS".equals(status))) {
                at[i] = a.receivedAt();
            }
        }
        return at;
    }
}
