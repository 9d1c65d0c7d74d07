package io.camelchat.benchmarks;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.symphony.bdk.core.SymphonyBdk;
import com.symphony.bdk.gen.api.model.V4Message;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Sample;
import io.camelchat.benchmarks.harness.Senders;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Symphony message sends ({@code POST /agent/v4/stream/{sid}/message/create}, multipart) side by side on one
 * {@link SymphonySimulator} (plain http): text messages into an IM from N threads at once (each of
 * {@code bench.concurrency}), each thread sending its next one once the previous one was answered, and (camel only)
 * {@code bench.inFlight} sends handed to the producer's asynchronous API by one thread:
 * <ul>
 * <li>{@code camel}: {@code symphony:message?to=stream:<im>}, defaults (the text becomes MessageML);</li>
 * <li>{@code bdk}: the official BDK 2.12.0 {@code bdk.messages().send(streamId, messageML)} (Jersey 2).</li>
 * </ul>
 * Both clients are built and authenticated once, before the first measurement.
 */
public final class SymphonySendBenchmark {

    private static final Duration WARMUP = BenchOptions.seconds("warmupSeconds", 1);
    private static final Duration WINDOW = BenchOptions.seconds("seconds", 3);
    private static final List<Integer> CONCURRENCY = BenchOptions.integers("concurrency", "1,16");
    private static final int IN_FLIGHT = BenchOptions.integer("inFlight", 1000);
    private static final Logger JERSEY_LOG = Logger.getLogger("org.glassfish.jersey");
    private static final String BOT_USERNAME = "camel-bench-bot";
    private static final long ALICE = 7078106482689L;

    private SymphonySendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("Symphony send benchmark", SymphonySendBenchmark.class);
        JERSEY_LOG.setLevel(Level.SEVERE);
        h.describe("send c=N: N threads sending back to back for " + WINDOW.toSeconds() + " s after "
                   + WARMUP.toSeconds() + " s; client CPU per send includes the sending threads");
        if (IN_FLIGHT > 0) {
            h.describe(IN_FLIGHT + " in flight: one thread hands " + 4 * IN_FLIGHT + " sends to the producer's"
                       + " asynchronous API, at most " + IN_FLIGHT + " unanswered (camel only); thr = client threads"
                       + " that used CPU");
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var keys = gen.generateKeyPair();
        String pem = SymphonyDatafeedBenchmark.SymphonyKeys.pkcs8Pem(keys);
        List<String> clients = BenchOptions.list("clients", "camel,bdk");
        try (SymphonySimulator sim = SymphonySimulator.builder().botUsername(BOT_USERNAME)
                .botPublicKey(keys.getPublic()).start()) {
            sim.addUser(SymUser.of(ALICE, "alice"));
            String imId = sim.createIm(ALICE);
            Map<String, CamelSender> camels = new LinkedHashMap<>();
            for (String c : clients) {
                if (c.startsWith("camel")) {
                    camels.put(c, camel(sim, pem, imId, CamelClients.sendOptions(c)));
                }
            }
            CamelSender camel = camels.get("camel");
            SymphonyBdk bdk = clients.contains("bdk")
                    ? SymphonyBdk.builder().config(SymphonyDatafeedBenchmark.bdkConfig(sim, BOT_USERNAME, pem)).build()
                    : null;
            for (CamelSender c : camels.values()) {
                c.send("first send");
            }
            if (bdk != null) {
                bdk.messages().send(imId, "<messageML>first send</messageML>");
            }
            h.run(clients, (client, harness) -> {
                for (int n : CONCURRENCY) {
                    Sample s = Senders.closedLoop(harness, "send c=" + n, n, WARMUP, WINDOW, (thread, i) -> {
                        String text = "benchmark message " + thread + "-" + i;
                        if (client.equals("bdk")) {
                            V4Message sent = bdk.messages().send(imId, "<messageML>" + text + "</messageML>");
                            if (sent.getMessageId() == null) {
                                throw new IllegalStateException("no message id");
                            }
                        } else {
                            camels.get(client).send(text);
                        }
                    });
                    if (s.lost() > 0) {
                        System.out.println("   !! " + s.lost() + " sends failed");
                    }
                }
                if (IN_FLIGHT > 0 && client.equals("camel")) {
                    Senders.inFlight(harness, IN_FLIGHT + " in flight", IN_FLIGHT, 4 * IN_FLIGHT,
                            i -> camel.sendAsync("benchmark message async-" + i));
                }
            });
            for (CamelSender c : camels.values()) {
                c.close();
            }
            if (!sim.protocolErrors().isEmpty()) {
                System.out.println("simulator protocol errors: " + sim.protocolErrors().size() + ", first: "
                                   + sim.protocolErrors().get(0));
            }
        }
        Harness.exit();
    }

    /** @param options the client's endpoint options ({@link CamelClients#sendOptions}) */
    private static CamelSender camel(SymphonySimulator sim, String pem, String imId, String options)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        SymphonyComponent component = new SymphonyComponent();
        SymphonyConfiguration cfg = component.getConfiguration();
        cfg.setBotUsername(BOT_USERNAME);
        cfg.setPrivateKey(pem);
        cfg.setPodUrl(sim.podUrl());
        cfg.setAgentUrl(sim.agentUrl());
        cfg.setKeyManagerUrl(sim.keyManagerUrl());
        context.addComponent("symphony", component);
        context.start();
        return new CamelSender(context,
                "symphony:message?to=stream:" + imId + options);
    }
}
