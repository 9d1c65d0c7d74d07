package io.camelchat.lark;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.lark.api.LarkEvent;
import io.camelchat.lark.api.LarkMessageRequest;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.Tamper;
import io.camelchat.simulator.lark.WebhookResult;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LarkWebhookConsumerTest extends LarkTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("lark:webhook?webhookPath=/lark/events").routeId("events")
                        .to("mock:events")
                        .choice()
                        .when(header(ChatHeaders.EVENT_TYPE).isEqualTo("card"))
                        .setBody(constant(Map.of("toast", Map.of("type", "success", "content", "Approved"))))
                        .end();
            }
        };
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/lark/events";
    }

    @Test
    void urlVerificationIsAnswered() {
        assertThat(sim.postUrlVerification(url(), true).answerVerified()).isTrue();
        assertThat(sim.postUrlVerification(url(), false).answerVerified()).isTrue();
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isZero();
    }

    @Test
    void encryptedSignedMessageEventIsRouted() {
        InboundEvent e = sim.newTextEvent(ALICE, CHAT, "hello webhook");
        WebhookResult r = sim.postEvent(url(), e, true, Tamper.NONE);
        assertThat(r.status()).isEqualTo(200);
        MockEndpoint events = getMockEndpoint("mock:events");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.getReceivedCounter() == 1);
        var x = events.getExchanges().get(0);
        LarkEvent event = x.getMessage().getBody(LarkEvent.class);
        assertThat(event.eventId()).isEqualTo(e.eventId());
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(e.messageId());
        assertThat(x.getMessage().getHeader(ChatHeaders.SENDER_ID)).isEqualTo(ALICE);
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("hello webhook");
        assertThat(x.getMessage().getBody(ChatMessage.class).getConversationId()).isEqualTo(CHAT);
    }

    @Test
    void olderEventShapeIsRouted() {
        InboundEvent e = sim.newTextEvent(BOB, CHAT, "v1 shape");
        assertThat(sim.postEventV1(url(), e, true, Tamper.NONE).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> getMockEndpoint("mock:events").getReceivedCounter() == 1);
    }

    @Test
    void forgedStaleReplayedUndecryptableAndMalformedRequestsAreRefused() {
        InboundEvent e = sim.newTextEvent(ALICE, CHAT, "should not pass");
        assertThat(sim.postEvent(url(), e, true, Tamper.FORGED_SIGNATURE).status()).isEqualTo(401);
        assertThat(sim.postEvent(url(), e, true, Tamper.STALE_TIMESTAMP).status()).isEqualTo(401);
        assertThat(sim.postEvent(url(), e, true, Tamper.WRONG_TOKEN).status()).isEqualTo(401);
        WebhookResult undecryptable = sim.postEvent(url(), e, true, Tamper.UNDECRYPTABLE);
        assertThat(undecryptable.status()).isEqualTo(400);
        // one fixed answer whatever went wrong inside: no padding oracle, no plaintext in the answer
        assertThat(undecryptable.body()).contains("cannot decrypt or parse the callback");
        assertThat(sim.postEvent(url(), e, true, Tamper.MALFORMED_BODY).status()).isBetween(400, 401);
        assertThat(sim.postEvent(url(), e, false, Tamper.NONE).status()).as("plain body while a key is set")
                .isEqualTo(401);
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isZero();
        WebhookResult replay = sim.postEvent(url(), sim.newTextEvent(ALICE, CHAT, "twice"), true, Tamper.REPLAY);
        assertThat(replay.first().status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(getMockEndpoint("mock:events").getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void cardActionGetsTheRoutesToast() {
        String cardId = template.requestBodyAndHeader("lark:message?to=chat_id:" + CHAT,
                LarkMessageRequest.card(Map.of("elements", List.of())), "x", "y",
                JsonNode.class).path("message_id").asText();
        WebhookResult r = sim.postCardAction(url(), ALICE, cardId, Map.of("action", "approve"), Tamper.NONE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("toast", "Approved");
        var x = getMockEndpoint("mock:events").getExchanges().get(0);
        assertThat(x.getMessage().getHeader(ChatHeaders.EVENT_TYPE)).isEqualTo("card");
        assertThat(x.getMessage().getBody(LarkEvent.class).actionValue().path("action").asText()).isEqualTo("approve");

        WebhookResult legacy = sim.postLegacyCardAction(url(), BOB, cardId, Map.of("action", "reject"), Tamper.NONE);
        assertThat(legacy.status()).isEqualTo(200);
        assertThat(
                sim.postLegacyCardAction(url(), BOB, cardId, Map.of("action", "x"), Tamper.FORGED_SIGNATURE).status())
                .isEqualTo(401);
    }
}
