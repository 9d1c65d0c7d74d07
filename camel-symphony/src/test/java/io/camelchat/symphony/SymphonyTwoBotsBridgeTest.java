package io.camelchat.symphony;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;

import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.simulator.symphony.SymMessage;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bridge between two Symphony bots (two pods) sends as the second bot, into the second pod's stream: the stream and
 * message of the first bot's event stay in its headers.
 */
class SymphonyTwoBotsBridgeTest extends SymphonyTestSupport {

    static SymphonySimulator podB;
    static String keyB;
    static String bobIm;

    @BeforeAll
    static void startSecondPod() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        keyB = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
               + "\n-----END PRIVATE KEY-----\n";
        podB = SymphonySimulator.builder().botUsername(BOT).botId(BOT_ID).botPublicKey(pair.getPublic())
                .longPollTimeout(Duration.ofSeconds(1)).start();
        podB.addUser(new SymUser(BOB, "bob", "bob@acme.example", "Bob", "Jones", "Bob Jones"));
        bobIm = podB.createIm(BOB, BOT_ID);
    }

    @AfterAll
    static void stopSecondPod() {
        podB.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        SymphonyComponent second = new SymphonyComponent();
        context.addComponent("symphonyb", second);
        SymphonyConfiguration c = second.getConfiguration();
        c.setBotUsername(BOT);
        c.setPrivateKey(keyB);
        c.setPodUrl(podB.podUrl());
        c.setAgentUrl(podB.agentUrl());
        c.setKeyManagerUrl(podB.keyManagerUrl());
        c.setSessionAuthUrl(podB.sessionAuthUrl());
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("bridge")
                        .to("symphonyb:message?to=stream:" + bobIm);
            }
        };
    }

    @Test
    void messageOfBotAIsSentByBotBIntoItsOwnStream() {
        SymEvent in = sim.userPostsMessage(ALICE, aliceIm, "<messageML>from bot A to bot B</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> !podB.sentMessages().isEmpty());
        SymMessage sent = podB.sentMessages().get(0);
        assertThat(sent.streamId()).isEqualTo(bobIm);
        assertThat(sent.messageML()).contains("from bot A to bot B");
        assertThat(sent.senderId()).isEqualTo(BOT_ID);
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.acknowledged(in.id()));
    }
}
