package io.camelchat.symphony;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.symphony.SymEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The datafeed consumer under the agent's bad days: bursts of 5xx and 429 on reads, a session that expires while a
 * read is held, and a process that dies after routing a batch but before acknowledging it. Nothing is lost, nothing
 * is routed twice by a healthy consumer, and a redelivered batch keeps its ids.
 */
class SymphonyDatafeedFaultsTest extends SymphonyTestSupport {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final List<String> states = new CopyOnWriteArrayList<>();

    private void feedRouteTagged(String tag) throws Exception {
        feedRoute("symphony:datafeed?datafeedTag=" + tag);
    }

    private void feedRoute(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("feed")
                        .process(e -> seen
                                .computeIfAbsent(e.getMessage().getHeader(SymphonyConstants.EVENT_ID, String.class),
                                        k -> new AtomicInteger())
                                .incrementAndGet());
            }
        });
    }

    private String healthState() {
        return HealthCheckHelper.invoke(context).stream().filter(r -> r.getCheck().getId().contains("feed"))
                .map(r -> r.getState() + "/" + r.getDetails().get("state")).findFirst().orElse("");
    }

    private void awaitPolling() {
        await().atMost(Duration.ofSeconds(10)).until(() -> healthState().equals(HealthCheck.State.UP + "/polling"));
    }

    @Test
    void burstsOf5xxAnd429OnReadsLoseNothing() throws Exception {
        feedRouteTagged("bursts");
        awaitPolling();
        sim.faults().retryAfter(0).failNext("/agent/v5/datafeeds", 6, 503).rateLimitNext("/agent/v5/datafeeds", 6)
                .gatewayErrorNext("/agent/v5/datafeeds", 3);
        List<SymEvent> posted = IntStream.range(0, 10)
                .mapToObj(i -> sim.userPostsMessage(ALICE, aliceIm, "<messageML>burst " + i + "</messageML>")).toList();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            states.add(healthState());
            return posted.stream().allMatch(e -> seen.containsKey(e.id()) && sim.acknowledged(e.id()));
        });
        assertThat(posted).allSatisfy(e -> assertThat(seen.get(e.id()).get()).as(e.id()).isEqualTo(1));
        // the client's own retries absorbed part of each burst; the rest backed off in the consumer, which said so
        assertThat(states).anyMatch(s -> s.endsWith("/retrying"));
        awaitPolling();
    }

    @Test
    void aSessionExpiringDuringAHeldReadIsRenewed() throws Exception {
        feedRouteTagged("expiry");
        awaitPolling();
        long logins = sim.authentications().stream().filter(a -> a.success()).count();
        // a read is being held by the agent now; the tokens it carries expire under it
        sim.faults().delayReads(Duration.ofMillis(300));
        sim.expireSessions();
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>after the expiry</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey(e.id()) && sim.acknowledged(e.id()));
        assertThat(sim.authentications().stream().filter(a -> a.success()).count()).isGreaterThan(logins);
        assertThat(seen.get(e.id()).get()).isEqualTo(1);
    }

    @Test
    void concurrentConsumersKeepEachConversationInOrder() throws Exception {
        Map<String, List<String>> byStream = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?datafeedTag=lanes&concurrentConsumers=3&eventTypes=MESSAGESENT").routeId("feed")
                        .process(e -> {
                            threads.add(Thread.currentThread().getName());
                            byStream.computeIfAbsent(
                                    e.getMessage().getHeader(ChatHeaders.CONVERSATION_ID, String.class),
                                    k -> new CopyOnWriteArrayList<>()).add(e.getMessage().getBody(String.class));
                        });
            }
        });
        awaitPolling();
        // three conversations that fall into three different lanes
        List<String> streams = new ArrayList<>();
        Set<Integer> lanes = new HashSet<>();
        while (streams.size() < 3) {
            String room = sim.createRoom("lanes " + streams.size() + "-" + lanes.size() + "-" + System.nanoTime(),
                    ALICE, BOT_ID);
            if (lanes.add(Math.floorMod(room.hashCode(), 3))) {
                streams.add(room);
            }
        }
        // the agent holds its answers back, so that the messages arrive in one batch
        sim.faults().delayReads(Duration.ofMillis(1500));
        List<SymEvent> posted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int s = 0; s < streams.size(); s++) {
                posted.add(sim.userPostsMessage(ALICE, streams.get(s), "<messageML>s" + s + " n" + i + "</messageML>"));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> posted.stream().allMatch(e -> sim.acknowledged(e.id())));
        for (int s = 0; s < streams.size(); s++) {
            int stream = s;
            assertThat(byStream.get(streams.get(s))).as("stream " + s)
                    .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "s" + stream + " n" + i).toList());
        }
        assertThat(threads.stream().filter(t -> t.contains("SymphonyDatafeedWorker")).count()).isGreaterThan(1);
    }

    @Test
    void datafeedV1RoutesAndRecreatesALostFeed() throws Exception {
        feedRoute("symphony:datafeed?datafeedVersion=v1");
        awaitPolling();
        SymEvent before = sim.userPostsMessage(ALICE, aliceIm, "<messageML>v1 before the loss</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> seen.containsKey(before.id()));
        String lost = ((SymphonyDatafeedConsumer) context.getRoute("feed").getConsumer()).getFeedId();
        sim.loseFeeds();
        SymEvent after = sim.userPostsMessage(ALICE, aliceIm, "<messageML>v1 after the loss</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey(after.id()));
        assertThat(((SymphonyDatafeedConsumer) context.getRoute("feed").getConsumer()).getFeedId()).isNotEqualTo(lost);
        assertThat(seen.get(before.id()).get()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenReadAndAckRedeliversTheBatchWithTheSameIds() throws Exception {
        File offsets = Files.createTempFile("symphony-crash", ".dat").toFile();
        offsets.deleteOnExit();
        List<Object> firstRun = new CopyOnWriteArrayList<>();
        List<Object> secondRun = new CopyOnWriteArrayList<>();

        CamelContext first = botContext(offsets, firstRun, true);
        first.start();
        SymphonyDatafeedConsumer consumer = (SymphonyDatafeedConsumer) first.getRoute("crash").getConsumer();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getFeedId() != null);
        String feed = consumer.getFeedId();
        SymEvent a = sim.userPostsMessage(ALICE, aliceIm, "<messageML>crash after me</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> !firstRun.isEmpty());
        // the route completes the exchange while the process is going down: the batch was read and routed, its
        // acknowledgement (which travels with the next read) never leaves
        first.stop();
        Object messageId = firstRun.get(0);
        assertThat(messageId).isNotNull();
        assertThat(sim.acknowledged(a.id())).isFalse();

        CamelContext second = botContext(offsets, secondRun, false);
        try {
            second.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> secondRun.contains(messageId) && sim.acknowledged(a.id()));
            assertThat(((SymphonyDatafeedConsumer) second.getRoute("crash").getConsumer()).getFeedId()).isEqualTo(feed);
            assertThat(sim.deliveries(a.id())).isGreaterThanOrEqualTo(2);
        } finally {
            second.stop();
        }
    }

    /** A separate Camel application of the same bot, whose feed id is kept in {@code offsets}. */
    private CamelContext botContext(File offsets, List<Object> messageIds, boolean dieInRoute) throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        ctx.getRegistry().bind("offsets", FileStateRepository.fileStateRepository(offsets));
        botSettings(ctx, sim, privateKeyPem);
        ctx.getShutdownStrategy().setTimeout(10);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?datafeedTag=crash&offsetRepository=#offsets").routeId("crash").process(e -> {
                    messageIds.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID));
                    if (dieInRoute) {
                        // keep the exchange in flight until the application is being stopped, then complete it
                        while (!ctx.isStopping()) {
                            try {
                                Thread.sleep(10);
                            } catch (InterruptedException ignored) {
                                // stopping: finish the exchange normally below
                            }
                        }
                    }
                });
            }
        });
        return ctx;
    }
}
