package io.camelchat.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.common.ChatHeaders;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.dingtalk.DingTalkStreamConsumer;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak of the {@code dingtalk:stream} consumer under connection faults: 200 events pushed one after another while the
 * simulator kills the socket after every 7th business frame, sends {@code disconnect} every 25 events and, for one
 * window, stops answering websocket pings. Every event must end acknowledged with SUCCESS, reach the route, and every
 * redelivery must be routed under the event's own id.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DingTalkStreamSoakTest extends CamelTestSupport {

    private static final String CLIENT_ID = "dingsoakclient";
    private static final String CLIENT_SECRET = "soak-secret-0123456789";
    private static final int EVENTS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamSoakTest.class);

    private static DingTalkSimulator sim;

    private final Map<String, AtomicInteger> routedCounts = new ConcurrentHashMap<>();
    private final List<String> routedIds = Collections.synchronizedList(new ArrayList<>());
    /** What the route saw under each CamelChatMessageId: the body's eventId and its {@code i}. */
    private final Map<String, Set<String>> bodiesById = new ConcurrentHashMap<>();

    @BeforeAll
    static void startSimulator() {
        sim = DingTalkSimulator.builder()
                .clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
                .eventRedeliveryDelays(Collections.nCopies(40, Duration.ofMillis(300)))
                .ackTimeout(Duration.ofSeconds(2))
                .disconnectCloseDelay(Duration.ofSeconds(2))
                .start();
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
            sim = null;
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DingTalkConfiguration c = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        c.setClientId(CLIENT_ID);
        c.setClientSecret(CLIENT_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setOapiUrl(sim.oapiUrl());
        c.setReconnectDelay(100);
        c.setMaxReconnectDelay(1000);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event&heartbeatInterval=300ms").routeId("soak")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            routedIds.add(id);
                            routedCounts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            DingTalkEvent ev = e.getMessage().getBody(DingTalkEvent.class);
                            bodiesById.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet())
                                    .add(ev == null ? "null" : ev.eventId() + "#" + ev.data().get("i"));
                        });
            }
        };
    }

    private DingTalkStreamConsumer streamConsumer() {
        return (DingTalkStreamConsumer) context.getRoute("soak").getConsumer();
    }

    @Test
    void everyEventIsAcknowledgedAndRoutedUnderItsOwnIdDespiteConnectionFaults() {
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() >= 1);
        sim.faults().dropConnectionsEvery(7);

        List<String> ids = new ArrayList<>();
        int disconnects = 0;
        boolean heartbeatWindowReplacedConnection = false;
        for (int i = 0; i < EVENTS; i++) {
            if (i > 0 && i % 25 == 0) {
                sim.faults().sendDisconnect();
                disconnects++;
            }
            if (i == 110) {
                // heartbeat window: pongs stop and (only for the window) no socket is killed and no disconnect sent,
                // so the only way to a new connection is the consumer noticing the silence and replacing it
                await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() >= 1);
                sim.faults().dropConnectionsEvery(0);
                long connects = streamConsumer().getSession().getConnectCount();
                sim.faults().answerWebSocketPings(false);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> streamConsumer().getSession().getConnectCount() > connects);
                sim.faults().answerWebSocketPings(true);
                sim.faults().dropConnectionsEvery(7);
                heartbeatWindowReplacedConnection = true;
            }
            String id = sim.pushEvent("soak_event", Map.of("i", i));
            ids.add(id);
            // one at a time: a socket killed every N frames would otherwise livelock the whole backlog
            await().atMost(Duration.ofSeconds(15)).until(() -> sim.deliveries(id) >= 1);
        }

        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(100))
                .until(() -> ids.stream().allMatch(sim::isAcknowledged));
        sim.faults().reset();

        // every event acknowledged with SUCCESS, none given up
        assertThat(ids).allSatisfy(id -> {
            assertThat(sim.isAcknowledged(id)).as("acked " + id).isTrue();
            assertThat(sim.isGivenUp(id)).as("given up " + id).isFalse();
        });
        Set<String> successfullyAcked = new LinkedHashSet<>();
        for (FrameAck a : sim.acks()) {
            if ("EVENT".equals(a.type()) && a.code() == 200 && a.data() != null
                    && "SUCCESS".equals(a.data().get("status"))) {
                successfullyAcked.add(String.valueOf(a.messageId()));
            }
        }
        assertThat(successfullyAcked).as("messageIds acked SUCCESS").hasSizeGreaterThanOrEqualTo(EVENTS);

        // the route saw every event at least once, and nothing under an unknown id
        assertThat(routedCounts.keySet()).containsAll(ids);
        assertThat(new LinkedHashSet<>(routedIds)).allMatch(ids::contains);
        // each id, however often routed, always carried its own event (a duplicate never got another event's id)
        for (int i = 0; i < EVENTS; i++) {
            assertThat(bodiesById.get(ids.get(i))).as("bodies routed as " + ids.get(i))
                    .containsExactly(ids.get(i) + "#" + i);
        }
        int routed = routedIds.size();
        int totalDeliveries = ids.stream().mapToInt(sim::deliveries).sum();
        assertThat(routed).isGreaterThanOrEqualTo(EVENTS).isLessThanOrEqualTo(totalDeliveries);

        // the faults really happened
        assertThat(heartbeatWindowReplacedConnection).isTrue();
        assertThat(disconnects).isEqualTo(7);
        assertThat(totalDeliveries).isGreaterThan(EVENTS);
        assertThat(sim.registrations()).isGreaterThan(EVENTS / 7);
        LOG.info("soak: {} events, {} deliveries, {} routed, {} registrations, {} connects", EVENTS, totalDeliveries,
                routed, sim.registrations(), streamConsumer().getSession().getConnectCount());
    }
}
