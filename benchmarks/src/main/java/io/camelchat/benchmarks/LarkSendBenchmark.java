package io.camelchat.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.lark.oapi.Client;
import com.lark.oapi.service.im.v1.model.CreateMessageReq;
import com.lark.oapi.service.im.v1.model.CreateMessageReqBody;
import com.lark.oapi.service.im.v1.model.CreateMessageResp;
import io.camelchat.benchmarks.harness.BenchOptions;
import io.camelchat.benchmarks.harness.Harness;
import io.camelchat.benchmarks.harness.Sample;
import io.camelchat.benchmarks.harness.Senders;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Lark message sends ({@code POST /open-apis/im/v1/messages}) side by side on one {@link LarkSimulator} (plain http,
 * no rate limit): text messages to a group chat from N threads at once (each of {@code bench.concurrency}), each
 * thread sending its next message once the previous one was answered, and (camel only) {@code bench.inFlight}
 * sends handed to the producer's asynchronous API by one thread:
 * <ul>
 * <li>{@code camel}: {@code lark:message?to=chat_id:<chat>}, component defaults (the producer adds a random
 * {@code uuid} to every send); {@code camel-io} with {@code usingExecutorService=false}, {@code camel-sync} with
 * {@code synchronous=true};</li>
 * <li>{@code official}: oapi-sdk 2.5.3 {@code client.im().message().create(...)}, a random {@code uuid} per send as
 * well.</li>
 * </ul>
 * Both clients are built once (the tenant token is fetched before the first measurement). The simulator's stored
 * messages are compared with the client's count after every phase.
 */
public final class LarkSendBenchmark {

    private static final Duration WARMUP = BenchOptions.seconds("warmupSeconds", 1);
    private static final Duration WINDOW = BenchOptions.seconds("seconds", 3);
    private static final List<Integer> CONCURRENCY = BenchOptions.integers("concurrency", "1,16");
    private static final int IN_FLIGHT = BenchOptions.integer("inFlight", 1000);
    private static final String CHAT_ID = "oc_5ad11d72b830411d72b836c20benchmark";

    /** One client: a blocking send of one text message. */
    interface Sender extends AutoCloseable {
        void send(String text) throws Exception;
    }

    private LarkSendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Harness h = Harness.create("Lark send benchmark", LarkSendBenchmark.class);
        h.describe("send c=N: N threads sending back to back for " + WINDOW.toSeconds() + " s after "
                   + WARMUP.toSeconds() + " s; events = successful sends; client CPU per send includes the sending"
                   + " threads");
        if (IN_FLIGHT > 0) {
            h.describe(IN_FLIGHT + " in flight: one thread hands " + 4 * IN_FLIGHT
                       + " sends to the producer's asynchronous API, at most " + IN_FLIGHT + " unanswered (camel only);"
                       + " thr = client threads that used CPU");
        }
        List<String> clients = BenchOptions.list("clients", "camel,official");
        // defaults: rateLimitPerSecond 0 (off); uuid de-duplication on (1 h window), never hit: every uuid is new
        try (LarkSimulator sim = LarkSimulator.builder().start()) {
            sim.addChat(new LarkChat(CHAT_ID, "benchmark", List.of()));
            Map<String, Sender> senders = new LinkedHashMap<>();
            CamelSender[] camel = new CamelSender[1];
            for (String c : clients) {
                Sender s = switch (c) {
                    case "camel", "camel-io", "camel-sync" -> {
                        CamelSender cs = camel(sim, CamelClients.sendOptions(c));
                        if (c.equals("camel")) {
                            camel[0] = cs;
                        }
                        yield new Sender() {
                            @Override
                            public void send(String text) throws Exception {
                                cs.send(text);
                            }

                            @Override
                            public void close() throws Exception {
                                cs.close();
                            }
                        };
                    }
                    case "official" -> official(sim);
                    default -> throw new IllegalArgumentException("unknown client " + c);
                };
                s.send("token fetch"); // the first call fetches the tenant token
                senders.put(c, s);
            }
            h.run(clients, (client, harness) -> {
                Sender sender = senders.get(client);
                for (int n : CONCURRENCY) {
                    int before = sim.sentMessages().size();
                    Sample s = Senders.closedLoop(harness, "send c=" + n, n, WARMUP, WINDOW,
                            (thread, i) -> sender.send("benchmark message " + thread + "-" + i));
                    check(sim, before, s);
                }
                if (IN_FLIGHT > 0 && client.equals("camel")) {
                    Senders.inFlight(harness, IN_FLIGHT + " in flight", IN_FLIGHT, 4 * IN_FLIGHT,
                            i -> camel[0].sendAsync("benchmark message async-" + i));
                }
            });
            for (Sender s : senders.values()) {
                s.close();
            }
            System.out.println("token answers of the simulator over the run: " + sim.tokenIssuances());
            if (!sim.protocolErrors().isEmpty()) {
                System.out.println("simulator protocol errors: " + sim.protocolErrors().size() + ", first: "
                                   + sim.protocolErrors().get(0));
            }
        }
        Harness.exit();
    }

    /** The sends of the warm-up and the window all reached the simulator (those after the window too). */
    private static void check(LarkSimulator sim, int before, Sample s) {
        int stored = sim.sentMessages().size() - before;
        if (stored < s.events()) {
            System.out.printf("   !! simulator stored %d messages, client counted %d in the window%n", stored,
                    s.events());
        }
    }

    /** @param options the client's endpoint options ({@link CamelClients#sendOptions}) */
    private static CamelSender camel(LarkSimulator sim, String options) throws Exception {
        CamelContext context = new DefaultCamelContext();
        LarkComponent component = new LarkComponent();
        LarkConfiguration cfg = component.getConfiguration();
        cfg.setAppId(sim.appId());
        cfg.setAppSecret(sim.appSecret());
        cfg.setApiUrl(sim.apiUrl());
        context.addComponent("lark", component);
        context.start();
        return new CamelSender(context,
                "lark:message?to=chat_id:" + CHAT_ID + options);
    }

    private static Sender official(LarkSimulator sim) {
        Client client = Client.newBuilder(sim.appId(), sim.appSecret()).openBaseUrl(sim.apiUrl()).build();
        return new Sender() {
            @Override
            public void send(String text) throws Exception {
                CreateMessageResp resp = client.im().message().create(CreateMessageReq.newBuilder()
                        .receiveIdType("chat_id")
                        .createMessageReqBody(CreateMessageReqBody.newBuilder().receiveId(CHAT_ID).msgType("text")
                                .content("{\"text\":\"" + text + "\"}").uuid(UUID.randomUUID().toString()).build())
                        .build());
                if (!resp.success() || resp.getData() == null || resp.getData().getMessageId() == null) {
                    throw new IllegalStateException("send failed: " + resp.getCode() + " " + resp.getMsg());
                }
            }

            @Override
            public void close() {
                // nothing to close in 2.5.3 (a shared OkHttp client)
            }
        };
    }
}
