package io.camelchat.lark;

import java.time.Duration;
import java.util.List;

import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.lark.SentMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bridge between two Lark apps sends as the second app: the message id, chat and app of the first app's event stay
 * in its headers; the second app's send is a new message in its own chat, not a reply to a message it never saw.
 */
class LarkTwoAppsBridgeTest extends CamelTestSupport {

    static LarkSimulator appA;
    static LarkSimulator appB;

    @BeforeAll
    static void startSimulators() {
        appA = LarkSimulator.builder().appId("cli_appa0123456789").appSecret("secret-of-lark-app-a-0123")
                .verificationToken("vtoken-a").clientConfig(-1, 1, 0, 1).start();
        appB = LarkSimulator.builder().appId("cli_appb0123456789").appSecret("secret-of-lark-app-b-0123")
                .verificationToken("vtoken-b").clientConfig(-1, 1, 0, 1).start();
        appA.addUser(new LarkUser("ou_alice_a", "u_alice", "on_alice", "Alice", "alice@example.com", "+8613800000001"));
        appA.addChat(new LarkChat("oc_chat_a", "A", List.of("ou_alice_a")));
        appB.addUser(new LarkUser("ou_bob_b", "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        appB.addChat(new LarkChat("oc_chat_b", "B", List.of("ou_bob_b")));
    }

    @AfterAll
    static void stopSimulators() {
        appA.close();
        appB.close();
    }

    private static LarkComponent component(LarkSimulator sim, String appId, String appSecret) {
        LarkComponent component = new LarkComponent();
        LarkConfiguration c = component.getConfiguration();
        c.setAppId(appId);
        c.setAppSecret(appSecret);
        c.setApiUrl(sim.apiUrl());
        c.setReconnectDelay(100);
        return component;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.addComponent("lark", component(appA, "cli_appa0123456789", "secret-of-lark-app-a-0123"));
        context.addComponent("larkb", component(appB, "cli_appb0123456789", "secret-of-lark-app-b-0123"));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("lark:stream").routeId("bridge").to("larkb:message?to=chat_id:oc_chat_b");
            }
        };
    }

    @Test
    void eventOfAppAIsSentByAppBAsANewMessage() {
        InboundEvent in = appA.userSendsText("ou_alice_a", "oc_chat_a", "from app A to app B");
        await().atMost(Duration.ofSeconds(15)).until(() -> !appB.sentMessages().isEmpty());
        SentMessage sent = appB.sentMessages().get(0);
        assertThat(sent.chatId()).isEqualTo("oc_chat_b");
        assertThat(sent.content().toString()).contains("from app A to app B");
        assertThat(sent.parentId()).isNullOrEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> appA.isAcknowledged(in.eventId()));
    }
}
