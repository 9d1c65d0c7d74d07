package io.camelchat.it.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static io.camelchat.it.reliability.ReliabilitySupport.heapAfterGc;
import static io.camelchat.it.reliability.ReliabilitySupport.mib;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an idle stream connection costs the client: {@value #DINGTALK} {@code dingtalk:stream}, {@value #LARK}
 * {@code lark:stream}, {@value #DIFFT} {@code difft:stream} and {@value #OPENIM} {@code openim:stream} consumers
 * connect to simulators in a JVM of their own ({@link SimulatorProcess}) and stay idle; heap after GC with them
 * connected, minus heap before their routes were added to the started context, over their number is the cost of one
 * consumer with its connection (route and endpoint included), at most 1 MiB. One consumer of each platform is
 * connected and removed first, so that what a component makes once (HTTP client, event loop, token cache) is in both
 * readings.
 */
class IdleConnectionCostTest {

    static final int DINGTALK = 15;
    static final int LARK = 15;
    static final int DIFFT = 10;
    static final int OPENIM = 10;
    static final long LIMIT = 1024 * 1024;

    @Test
    void idleStreamConsumersCostAtMostOneMebibyteEach() throws Exception {
        int total = DINGTALK + LARK + DIFFT + OPENIM;
        try (SimulatorProcess sims = SimulatorProcess.start(512); CamelContext context = context(sims)) {
            context.start();
            List<String> warm = addConsumers(context, "warm", 1, 1, 1, 1);
            awaitConnections(sims, "1 1 1 1");
            for (String id : warm) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
            awaitConnections(sims, "0 0 0 0");

            long without = heapAfterGc();
            addConsumers(context, "idle", DINGTALK, LARK, DIFFT, OPENIM);
            awaitConnections(sims, DINGTALK + " " + LARK + " " + DIFFT + " " + OPENIM);
            long with = heapAfterGc();
            long perConsumer = (with - without) / total;

            assertThat(perConsumer).as("heap per idle stream consumer: %s MiB with %d, %s MiB without", mib(with),
                    total, mib(without)).isLessThanOrEqualTo(LIMIT);
            String subject = total + " idle stream consumers (dingtalk " + DINGTALK + ", lark " + LARK + ", difft "
                             + DIFFT + ", openim " + OPENIM + ")";
            ReliabilityReport.record("idle connections", "all", subject, "heap after GC without / with, MiB",
                    mib(without) + " / " + mib(with), "measured");
            ReliabilityReport.record("idle connections", "all", subject, "heap per connected consumer, KiB",
                    String.format(Locale.ROOT, "%.0f", perConsumer / 1024.0), "<= 1024");
        }
    }

    private static CamelContext context(SimulatorProcess sims) {
        return sims.newContext();
    }

    /**
     * Adds one route per consumer; each endpoint URI differs (a reconnect delay of its own, or its own OpenIM user),
     * so that each is a consumer of its own endpoint as with separate apps. Answers the route ids.
     */
    private static List<String> addConsumers(CamelContext context, String prefix, int dingtalk, int lark, int difft,
                                             int openim)
            throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < dingtalk; i++) {
            uris.add("dingtalk:stream?subscriptions=event&reconnectDelay=" + (1000 + i));
        }
        for (int i = 0; i < lark; i++) {
            uris.add("lark:stream?reconnectDelay=" + (1000 + i));
        }
        for (int i = 0; i < difft; i++) {
            uris.add("difft:stream?reconnectDelay=" + (1000 + i));
        }
        int firstUser = "warm".equals(prefix) ? SimulatorProcess.OPENIM_USERS - 1 : 0;
        for (int i = 0; i < openim; i++) {
            uris.add("openim:stream?userId=idle" + (firstUser + i));
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int i = 0; i < uris.size(); i++) {
                    String id = prefix + "-" + i;
                    ids.add(id);
                    from(uris.get(i)).routeId(id).to("log:idle?level=OFF");
                }
            }
        });
        return ids;
    }

    private static void awaitConnections(SimulatorProcess sims, String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> expected.equals(sims.command("connections")));
    }
}
