package io.camelchat.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.symphony.bdk.core.SymphonyBdk;
import com.symphony.bdk.core.config.model.BdkClientConfig;
import com.symphony.bdk.core.config.model.BdkConfig;
import com.symphony.bdk.core.service.datafeed.RealTimeEventListener;
import com.symphony.bdk.gen.api.model.V4Initiator;
import com.symphony.bdk.gen.api.model.V4MessageSent;
import io.camelchat.benchmarks.harness.Await;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Harness.Metric;
import io.camelchat.benchmarks.harness.Sample;
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
 * Symphony datafeed v2: how fast a backlog of message events is routed <em>and acknowledged</em> by
 * <ul>
 * <li>{@code camel}: {@code from("symphony:datafeed").process(count)}, component defaults;</li>
 * <li>{@code bdk}: the official Symphony BDK for Java 2.12.0 (Jersey 2), {@code SymphonyBdk.datafeed()} v2 with a
 * {@code RealTimeEventListener} whose {@code onMessageSent} counts.</li>
 * </ul>
 * Every measurement has a simulator of its own: a user posts {@code bench.events} messages into an IM with the bot
 * before the client starts (the simulator keeps them for the first feed) and the simulator answers a read with at
 * most {@code bench.batch} of them. The client is built and authenticated outside the timed span; the phase starts
 * when its datafeed loop is started and ends when the simulator recorded every event as acknowledged.
 */
public final class SymphonyDatafeedBenchmark {

    private static final int EVENTS = BenchOptions.integer("events", 20000);
    /** Events per datafeed read; 0: the whole backlog in one answer. */
    private static final int BATCH = BenchOptions.integer("batch", 100);
    private static final Duration LONG_POLL = Duration.ofMillis(BenchOptions.longValue("longPollMillis", 200));
    private static final Duration PHASE_TIMEOUT = BenchOptions.seconds("phaseTimeoutSeconds", 120);
    private static final Duration STALL = BenchOptions.seconds("stallSeconds", 20);

    /** Jersey logs through java.util.logging: its start-up notices are kept off the console (a strong reference). */
    private static final Logger JERSEY_LOG = Logger.getLogger("org.glassfish.jersey");
    private static final String BOT_USERNAME = "camel-bench-bot";
    private static final long ALICE = 7078106482689L;
    private static final String ROUTE_ID = "bench";

    private final KeyPair keys;
    private final String privateKeyPem;

    private SymphonyDatafeedBenchmark(KeyPair keys) {
        this.keys = keys;
        this.privateKeyPem = SymphonyKeys.pkcs8Pem(keys);
    }

    /** A client under test: built (and authenticated) first, timed from {@link #startLoop()}. */
    interface Client extends AutoCloseable {
        void startLoop() throws Exception;

        long routed();

        Throwable failure();
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("Symphony datafeed v2 benchmark", SymphonyDatafeedBenchmark.class);
        JERSEY_LOG.setLevel(Level.SEVERE);
        String phase = "backlog " + EVENTS + (BATCH > 0 ? ", " + BATCH + "/read" : ", all in 1 read");
        h.describe(phase + ": events/s = events / (all acknowledged on the simulator - datafeed loop started);"
                   + " simulator long poll " + LONG_POLL.toMillis() + " ms")
                .describe(phase + ", steady: the same from the first batch seen acknowledged (the loop's start-up,"
                          + " feed lookup and creation left out)")
                .goal(phase, Metric.RATE, "camel", "bdk", 1.5)
                .goal(phase, Metric.CPU, "camel", "bdk", 0.67)
                .goal(phase + ", steady", Metric.RATE, "camel", "bdk", 1.5)
                .goal(phase + ", steady", Metric.CPU, "camel", "bdk", 0.67);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        SymphonyDatafeedBenchmark bench = new SymphonyDatafeedBenchmark(gen.generateKeyPair());
        h.run(BenchOptions.list("clients", "camel,bdk"), (client, harness) -> bench.measure(client, harness, phase));
        Harness.exit();
    }

    private void measure(String name, Harness h, String phase) throws Exception {
        try (SymphonySimulator sim = SymphonySimulator.builder().botUsername(BOT_USERNAME)
                .botPublicKey(keys.getPublic()).longPollTimeout(LONG_POLL).maxEventsPerRead(BATCH)
                // no feed exists before the client creates one: the simulator keeps the backlog for the first feed
                .bufferEventsWithoutFeed(true).start()) {
            sim.addUser(SymUser.of(ALICE, "alice"));
            String imId = sim.createIm(ALICE);
            sim.reset(); // drops the IM's creation event: the backlog is exactly the posted messages
            String[] ids = new String[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                SymEvent e = sim.userPostsMessage(ALICE, imId,
                        "<messageML>benchmark message <b>" + i + "</b> for the bot, with some text to carry</messageML>");
                ids[i] = e.id();
            }
            if (!sim.datafeeds().isEmpty() || sim.events().size() != EVENTS) {
                throw new IllegalStateException("unexpected simulator state before " + name + ": feeds "
                                                + sim.datafeeds() + ", events " + sim.events().size());
            }
            try (Client client = name.equals("bdk") ? bdk(sim) : camel(sim)) {
                System.gc(); // every client starts with the backlog's garbage collected
                Sample s = h.begin(phase);
                client.startLoop();
                int[] cursor = new int[1];
                // the steady phase begins once the first batch is acknowledged: feed set-up and start-up left out
                Sample[] steady = new Sample[1];
                int[] steadyFrom = new int[1];
                long end = Await.progress(() -> {
                    while (cursor[0] < ids.length && sim.acknowledged(ids[cursor[0]])) {
                        cursor[0]++;
                    }
                    if (steady[0] == null && cursor[0] > 0) {
                        steady[0] = h.begin(phase + ", steady");
                        steadyFrom[0] = cursor[0];
                    }
                    return client.failure() != null ? Long.MAX_VALUE : cursor[0];
                }, ids.length, STALL, PHASE_TIMEOUT);
                long acked = 0;
                long redelivered = 0;
                for (String id : ids) {
                    acked += sim.acknowledged(id) ? 1 : 0;
                    redelivered += sim.deliveries(id) > 1 ? 1 : 0;
                }
                s.end(acked, end - s.startNanos()).lost(EVENTS - acked);
                if (steady[0] != null) {
                    steady[0].end(acked - steadyFrom[0], end - steady[0].startNanos())
                            .note("first ack ms", (steady[0].startNanos() - s.startNanos()) / 1e6);
                }
                List<DatafeedInfo> feeds = sim.datafeeds();
                s.note("reads", feeds.stream().mapToLong(DatafeedInfo::reads).sum()).note("redelivered", redelivered)
                        .note("routed/ev", (double) client.routed() / EVENTS);
                if (client.failure() != null) {
                    System.out.println("   !! " + name + " datafeed loop failed: " + client.failure());
                }
                if (!sim.protocolErrors().isEmpty()) {
                    System.out.println("   !! simulator protocol errors: " + sim.protocolErrors().size() + ", first: "
                                       + sim.protocolErrors().get(0));
                }
            }
        }
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
        // authenticate outside the timed span, as the BDK does when it is built
        context.getEndpoint("symphony:datafeed", SymphonyEndpoint.class).getClient().sessionInfo();
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
        SymphonyBdk bdk = SymphonyBdk.builder().config(bdkConfig(sim, BOT_USERNAME, privateKeyPem)).build();
        AtomicLong routed = new AtomicLong();
        bdk.datafeed().subscribe(new RealTimeEventListener() {
            @Override
            public void onMessageSent(V4Initiator initiator, V4MessageSent event) {
                routed.incrementAndGet();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // the BDK's loop runs on the thread that calls start(): a client thread (its CPU time is the BDK's)
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

    /** The BDK's configuration pointing at the simulator's four servers. */
    static BdkConfig bdkConfig(SymphonySimulator sim, String botUsername, String privateKeyPem) {
        BdkConfig config = new BdkConfig();
        config.setScheme("http");
        config.setHost("127.0.0.1");
        config.setConnectionTimeout(5_000);
        config.setReadTimeout(60_000); // far above the simulator's long poll and the time to write a large batch
        server(config.getPod(), sim.podUrl());
        server(config.getAgent(), sim.agentUrl());
        server(config.getKeyManager(), sim.keyManagerUrl());
        server(config.getSessionAuth(), sim.sessionAuthUrl());
        config.getBot().setUsername(botUsername);
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

    /** PEM encodings of the bot's key. */
    static final class SymphonyKeys {
        private SymphonyKeys() {
        }

        static String pkcs8Pem(KeyPair keys) {
            return "-----BEGIN PRIVATE KEY-----\n"
                   + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                           .encodeToString(keys.getPrivate().getEncoded())
                   + "\n-----END PRIVATE KEY-----\n";
        }
    }
}
