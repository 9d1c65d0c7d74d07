package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.testkit.HandOffWork;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.FrameAck;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * dingtalk:stream acknowledges when the exchange's unit of work is done, not when the route returns: a route that
 * hands the exchange on to {@code seda:} acknowledges when the seda consumer finished, and a failure there is answered
 * {@code LATER} so that DingTalk delivers the event again. Card callbacks are InOut. The simulator waits long for
 * acknowledgements here, so that nothing is redelivered while a test holds an event on purpose.
 */
class DingTalkUnitOfWorkTest extends CamelTestSupport {

    static DingTalkSimulator sim;

    final HandOffWork work = new HandOffWork(
            e -> "fail_first".equals(e.getMessage().getHeader(ChatHeaders.EVENT_TYPE)),
            e -> "hold".equals(e.getMessage().getHeader(ChatHeaders.EVENT_TYPE)));
    final List<ExchangePattern> patterns = Collections.synchronizedList(new ArrayList<>());
    /** The threads the stream route ran on. */
    final Set<String> routingThreads = ConcurrentHashMap.newKeySet();

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

    /** More options of the consumer's URI, starting with {@code &}. */
    String streamOptions() {
        return "";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event,card" + streamOptions()).routeId("stream")
                        .process(e -> {
                            patterns.add(e.getPattern());
                            routingThreads.add(Thread.currentThread().getName());
                        })
                        .to("seda:work");
                from("seda:work").routeId("work")
                        .process(work)
                        .process(e -> {
                            if (e.getMessage().getBody() instanceof DingTalkCardCallback card) {
                                e.getMessage().setBody(Map.of("cardData",
                                        Map.of("cardParamMap",
                                                Map.of("status", "handled in seda " + card.actionIds()))));
                            }
                        });
            }
        };
    }

    @Test
    void failureAfterTheHandOffIsNotAcknowledgedAsSuccessAndTheEventComesAgain() {
        String eventId = sim.pushEvent("fail_first", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.deliveries(eventId)).isEqualTo(2);
        assertThat(work.failFirstIds()).containsExactly(eventId, eventId);
        List<FrameAck> acks = sim.acks().stream().filter(a -> "EVENT".equals(a.type())).toList();
        assertThat(acks).anyMatch(a -> a.data() != null && "LATER".equals(a.data().get("status")));
        assertThat(acks).anyMatch(a -> a.data() != null && "SUCCESS".equals(a.data().get("status")));
    }

    @Test
    void slowWorkAfterTheHandOffIsAcknowledgedWhenItIsDone() throws Exception {
        String eventId = sim.pushEvent("hold", Map.of("k", "v"));
        assertThat(work.awaitHolding()).isTrue();
        // the route returned long ago; the work is not done, so nothing is acknowledged for 2 s
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !sim.isAcknowledged(eventId));
        work.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.deliveries(eventId)).isEqualTo(1);
    }

    @Test
    void cardCallbacksAreInOutAndTheirAnswerComesFromTheWorkHandedOn() {
        String track = sim.pushCardCallback("alice", "track-uow", Map.of("choice", "yes"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.cardCallbackResponse(track) != null);
        assertThat(sim.cardCallbackResponse(track).toString()).contains("handled in seda");
        assertThat(patterns).contains(ExchangePattern.InOut);
        String eventId = sim.pushEvent("plain", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(patterns).contains(ExchangePattern.InOnly);
    }
}
