package io.camelchat.lark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.testkit.HandOffWork;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
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
 * lark:stream answers an event frame when the exchange's unit of work is done: after a hand-off to {@code seda:}, when
 * the seda consumer finished ({@code 500} when it failed, and Lark delivers the event again). Card actions are InOut,
 * so their answer can come from the work handed on. The simulator waits long for answers here, so that nothing is
 * redelivered while a test holds an event on purpose.
 */
class LarkUnitOfWorkTest extends CamelTestSupport {

    static final String APP_ID = "cli_uow0123456789ab";
    static final String APP_SECRET = "lark-uow-secret-0123456789";
    static final String ALICE = "ou_alice_uow";

    static LarkSimulator sim;

    private final HandOffWork work = new HandOffWork(
            e -> "test.fail_first_v1".equals(e.getMessage().getHeader(LarkConstants.EVENT_TYPE)),
            e -> "test.hold_v1".equals(e.getMessage().getHeader(LarkConstants.EVENT_TYPE)));
    private final List<ExchangePattern> patterns = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSimulator() {
        sim = LarkSimulator.builder().appId(APP_ID).appSecret(APP_SECRET).verificationToken("vtoken-uow")
                .clientConfig(-1, 1, 0, 1)
                .redeliveryDelays(Collections.nCopies(10, Duration.ofMillis(200)))
                .ackTimeout(Duration.ofSeconds(60))
                .start();
        sim.addUser(
                new LarkUser(ALICE, "u_alice_uow", "on_alice_uow", "Alice", "alice.uow@example.com", "+8613800000011"));
        sim.addChat(new LarkChat("oc_uow", "Uow", List.of(ALICE)));
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        LarkConfiguration c = context.getComponent("lark", LarkComponent.class).getConfiguration();
        c.setAppId(APP_ID);
        c.setAppSecret(APP_SECRET);
        c.setApiUrl(sim.apiUrl());
        c.setReconnectDelay(100);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("lark:stream").routeId("stream")
                        .process(e -> patterns.add(e.getPattern()))
                        .to("seda:work");
                from("seda:work").routeId("work")
                        .process(work)
                        .process(e -> {
                            if ("card".equals(e.getMessage().getHeader(ChatHeaders.EVENT_TYPE))) {
                                e.getMessage()
                                        .setBody(Map.of("toast", Map.of("type", "success", "content", "from seda")));
                            }
                        });
            }
        };
    }

    @Test
    void failureAfterTheHandOffIsAnswered500AndTheEventComesAgain() {
        String eventId = sim.pushEvent("test.fail_first_v1", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.deliveries(eventId)).isEqualTo(2);
        List<String> ids = work.failFirstIds();
        assertThat(ids).hasSize(2);
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
    }

    @Test
    void slowWorkAfterTheHandOffIsAnsweredWhenItIsDone() throws Exception {
        String eventId = sim.pushEvent("test.hold_v1", Map.of("k", "v"));
        assertThat(work.awaitHolding()).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !sim.isAcknowledged(eventId));
        work.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(sim.deliveries(eventId)).isEqualTo(1);
    }

    @Test
    void cardActionsAreInOutAndTheirAnswerComesFromTheWorkHandedOn() {
        InboundEvent message = sim.newTextEvent(ALICE, "oc_uow", "a message with a card");
        InboundEvent click = sim.cardAction(ALICE, message.messageId(), Map.of("choice", "yes"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.cardActionResponse(click.eventId()) != null);
        assertThat(sim.cardActionResponse(click.eventId())).containsEntry("toast",
                Map.of("type", "success", "content", "from seda"));
        assertThat(patterns).contains(ExchangePattern.InOut);
        String eventId = sim.pushEvent("test.plain_v1", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(eventId));
        assertThat(patterns).contains(ExchangePattern.InOnly);
    }
}
