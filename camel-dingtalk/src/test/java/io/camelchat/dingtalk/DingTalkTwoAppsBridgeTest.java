package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.List;

import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.InboundMessage;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bridge between two DingTalk apps sends as the second app: the robot code that the first app's message carries in
 * its headers describes what came in and does not steer the producer (each app's DingTalk refuses the other's robot).
 */
class DingTalkTwoAppsBridgeTest extends CamelTestSupport {

    static final String GROUP_B = "cidAPPBgroup0001==";
    static DingTalkSimulator appA;
    static DingTalkSimulator appB;

    @BeforeAll
    static void startSimulators() {
        appA = DingTalkSimulator.builder().clientId("dingappa").clientSecret("secret-of-app-a-0123456789").start();
        appB = DingTalkSimulator.builder().clientId("dingappb").clientSecret("secret-of-app-b-0123456789").start();
        appA.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        appB.addUser(new SimUser("bob", "unionBob", "Bob", "+8613800000002", "bob@example.com"));
        appB.addGroup(new SimGroup(GROUP_B, "App B room", List.of("bob")));
    }

    @AfterAll
    static void stopSimulators() {
        appA.close();
        appB.close();
    }

    private static DingTalkComponent component(DingTalkSimulator sim) {
        DingTalkComponent component = new DingTalkComponent();
        DingTalkConfiguration c = component.getConfiguration();
        c.setClientId(sim.clientId());
        c.setClientSecret(sim.clientSecret());
        c.setApiUrl(sim.apiUrl());
        c.setOapiUrl(sim.oapiUrl());
        c.setReconnectDelay(100);
        return component;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.addComponent("dingtalk", component(appA));
        context.addComponent("dingtalkb", component(appB));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream").routeId("bridge").to("dingtalkb:message?to=group:" + GROUP_B);
            }
        };
    }

    @Test
    void messageOfAppAIsSentByTheRobotOfAppB() {
        InboundMessage in = appA.userSendsText("alice", null, "from app A to app B");
        await().atMost(Duration.ofSeconds(15)).until(() -> !appB.sentMessages().isEmpty());
        SentMessage sent = appB.sentMessages().get(0);
        assertThat(sent.conversationId()).isEqualTo(GROUP_B);
        assertThat(sent.content().toString()).contains("from app A to app B");
        assertThat(sent.body().get("robotCode")).isEqualTo(appB.robotCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> appA.acks().stream()
                .anyMatch(a -> in.streamMessageId().equals(a.messageId()) && a.code() == 200));
    }
}
