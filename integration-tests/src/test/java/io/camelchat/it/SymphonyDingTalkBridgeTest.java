package io.camelchat.it;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.symphony.SymAttachment;
import io.camelchat.simulator.symphony.SymMessage;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Symphony and DingTalk bridged both ways with plain routes: text, and attachments downloaded from one platform and
 * uploaded to the other by the components.
 */
class SymphonyDingTalkBridgeTest extends CamelTestSupport {

    private static final String GROUP = "cidSYMBRIDGE==";
    private static final long BOT_ID = 349026222340001L;
    private static final long ALICE = 349026222344902L;
    private static final byte[] PDF = "%PDF-1.4 quarterly report".getBytes();
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 7, 7, 7, 7 };

    private static DingTalkSimulator dingtalk;
    private static SymphonySimulator symphony;
    private static String privateKeyPem;
    private static String aliceIm;

    @BeforeAll
    static void startSimulators() throws Exception {
        dingtalk = DingTalkSimulator.builder().clientId("dingsymbridge").clientSecret("bridge-secret").start();
        dingtalk.addUser(new SimUser("carol", "unionCarol", "Carol", "+8613800000009", "carol@example.com"));
        dingtalk.addGroup(new SimGroup(GROUP, "Bridge", List.of("carol")));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        symphony = SymphonySimulator.builder().botUsername("bridge-bot").botId(BOT_ID).botPublicKey(pair.getPublic())
                .longPollTimeout(Duration.ofSeconds(1)).start();
        symphony.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        aliceIm = symphony.createIm(ALICE, BOT_ID);
    }

    @AfterAll
    static void stopSimulators() {
        dingtalk.close();
        symphony.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DingTalkConfiguration d = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        d.setClientId("dingsymbridge");
        d.setClientSecret("bridge-secret");
        d.setApiUrl(dingtalk.apiUrl());
        d.setOapiUrl(dingtalk.oapiUrl());
        d.setReconnectDelay(100);
        SymphonyConfiguration s = context.getComponent("symphony", SymphonyComponent.class).getConfiguration();
        s.setBotUsername("bridge-bot");
        s.setPrivateKey(privateKeyPem);
        s.setPodUrl(symphony.podUrl());
        s.setAgentUrl(symphony.agentUrl());
        s.setKeyManagerUrl(symphony.keyManagerUrl());
        s.setReconnectDelay(100);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("symphony-to-dingtalk")
                        .to("dingtalk:message?to=group:" + GROUP);
                from("dingtalk:stream").routeId("dingtalk-to-symphony")
                        .to("symphony:message?to=stream:" + aliceIm);
            }
        };
    }

    @Test
    void textAndAttachmentsCrossBothWays() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dingtalk.openConnections() >= 1 && !symphony.datafeeds().isEmpty());

        symphony.userPostsMessage(ALICE, aliceIm, "<messageML>release 1.2 is <b>out</b></messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "release 1.2 is out".equals(m.text()) && m.targets().contains(GROUP)));

        dingtalk.userSendsText("carol", null, "great, thanks <3 & see you");
        await().atMost(Duration.ofSeconds(15)).until(() -> symphony.sentMessages().stream()
                .anyMatch(m -> m.messageML().contains("great, thanks &lt;3 &amp; see you")));

        symphony.userPostsMessage(ALICE, aliceIm, "<messageML>the report</messageML>", null,
                List.of(new SymAttachment("internal_att_report1", "report.pdf", "application/pdf", PDF)));
        await().atMost(Duration.ofSeconds(15)).until(() -> dingtalk.uploadedMedia().stream()
                .anyMatch(u -> Arrays.equals(u.bytes(), PDF)));
        assertThat(dingtalk.sentMessages()).anyMatch(m -> "sampleFile".equals(m.msgKey()));

        dingtalk.userSendsPicture("carol", null, PNG);
        await().atMost(Duration.ofSeconds(15)).until(() -> symphony.sentMessages().stream()
                .flatMap(m -> m.attachments().stream()).anyMatch(a -> Arrays.equals(a.bytes(), PNG)));
        SymMessage withImage = symphony.sentMessages().stream().filter(m -> !m.attachments().isEmpty())
                .reduce((a, b) -> b).orElseThrow();
        assertThat(withImage.streamId()).isEqualTo(aliceIm);
        assertThat(dingtalk.sentMessages()).extracting(SentMessage::channel).contains(SentMessage.Channel.GROUP);
    }
}
