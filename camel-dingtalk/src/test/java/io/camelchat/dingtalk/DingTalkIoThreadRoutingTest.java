package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.testkit.HandOffWork;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code usingExecutorService=false}: events are routed on the connection's I/O thread, with no worker pool, and
 * acknowledged as with workers: when the unit of work is done (also after a hand-off to {@code seda:}, while the I/O
 * thread goes on reading), {@code LATER} for a failure.
 */
class DingTalkIoThreadRoutingTest extends CamelTestSupport {

    static DingTalkSimulator sim;

    private final Set<String> routingThreads = ConcurrentHashMap.newKeySet();
    private final HandOffWork work = new HandOffWork(
            e -> "fail_first".equals(e.getMessage().getHeader(ChatHeaders.EVENT_TYPE)),
            e -> "hold".equals(e.getMessage().getHeader(ChatHeaders.EVENT_TYPE)));

    @BeforeAll
    static void startSimulator() {
        sim = DingTalkSimulator.builder().clientId(DingTalkTestSupport.CLIENT_ID)
                .clientSecret(DingTalkTestSupport.CLIENT_SECRET)
                .eventRedeliveryDelays(Collections.nCopies(10, Duration.ofMillis(200)))
                .ackTimeout(Duration.ofSeconds(60))
                .start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DingTalkConfiguration c = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        c.setClientId(DingTalkTestSupport.CLIENT_ID);
        c.setClientSecret(DingTalkTestSupport.CLIENT_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setOapiUrl(sim.oapiUrl());
        c.setReconnectDelay(100);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event&usingExecutorService=false").routeId("stream")
                        .process(e -> routingThreads.add(Thread.currentThread().getName()))
                        .choice()
                        .when(header(ChatHeaders.EVENT_TYPE).in("hold", "fail_first")).to("seda:work")
                        .end();
                from("seda:work").routeId("work").process(work);
            }
        };
    }

    @Test
    void eventsAreRoutedOnTheIoThreadAndEachAcknowledgedOnce() {
        List<String> ids = sim.pushEvents(200, "plain", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(sim::isAcknowledged));
        assertThat(ids).allSatisfy(id -> assertThat(sim.deliveries(id)).isEqualTo(1));
        assertThat(routingThreads).isNotEmpty()
                .allSatisfy(name -> assertThat(name).endsWith("DingTalkStreamIO"));
    }

    @Test
    void workHandedOnIsAcknowledgedWhenDoneWhileTheIoThreadReadsOn() throws Exception {
        String held = sim.pushEvent("hold", Map.of("k", "v"));
        assertThat(work.awaitHolding()).isTrue();
        // the held event's work is not done; the I/O thread is free: later events are routed and answered meanwhile
        String next = sim.pushEvent("plain", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(next));
        assertThat(sim.isAcknowledged(held)).isFalse();
        work.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(held));
        assertThat(sim.deliveries(held)).isEqualTo(1);
    }

    @Test
    void aFailedExchangeIsAnsweredLaterAndComesAgain() {
        String id = sim.pushEvent("fail_first", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(id));
        assertThat(sim.deliveries(id)).isEqualTo(2);
        List<FrameAck> acks = sim.acks().stream().filter(a -> "EVENT".equals(a.type())).toList();
        assertThat(acks).anyMatch(a -> a.data() != null && "LATER".equals(a.data().get("status")));
    }
}
