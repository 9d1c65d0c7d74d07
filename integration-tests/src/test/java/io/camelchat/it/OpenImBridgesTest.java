package io.camelchat.it;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.camelchat.common.ChatHeaders;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.symphony.SymAttachment;
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
 * OpenIM bridged both ways with DingTalk, Lark and Symphony: one OpenIM group per platform. One {@code openim:stream}
 * consumer (a user has one gateway connection per platform: a second would kick the first) routes each group's
 * messages by conversation; the other platforms' consumers send into their group through {@code openim:message}. Text
 * and a picture or file each way, downloaded from one platform and uploaded to the other by the components.
 */
class OpenImBridgesTest extends CamelTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BOT = "bridgebot";
    private static final String ANN = "ann";
    private static final String DINGTALK_GROUP = "cidOPENIMbridge==";
    private static final String LARK_CHAT = "oc_openimbridge01";
    private static final String LARK_BOB = "ou_bob0001";
    private static final long SYMPHONY_BOT_ID = 349026222340777L;
    private static final long SYMPHONY_ALICE = 349026222344777L;
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R' };
    private static final byte[] PNG2 = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 9, 8, 7, 6 };
    private static final byte[] PDF = "%PDF-1.4 bridge minutes".getBytes();

    private static OpenImSimulator openim;
    private static DingTalkSimulator dingtalk;
    private static LarkSimulator lark;
    private static SymphonySimulator symphony;
    private static String privateKeyPem;
    private static String aliceIm;

    @BeforeAll
    static void startSimulators() throws Exception {
        openim = OpenImSimulator.builder().secret("bridge-im-secret").adminUserId("imAdmin").user(BOT, "Bridge")
                .user(ANN, "Ann").group("gding", "With DingTalk", ANN, BOT).group("glark", "With Lark", ANN, BOT)
                .group("gsym", "With Symphony", ANN, BOT).start();
        dingtalk = DingTalkSimulator.builder().clientId("dingimbridge").clientSecret("bridge-secret").start();
        dingtalk.addUser(new SimUser("carol", "unionCarol", "Carol", "+8613800000009", "carol@example.com"));
        dingtalk.addGroup(new SimGroup(DINGTALK_GROUP, "Bridge", List.of("carol")));
        lark = LarkSimulator.builder().appId("cli_0123456789abcdef").appSecret("lark-bridge-secret").start();
        lark.addUser(new LarkUser(LARK_BOB, "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        lark.addChat(new LarkChat(LARK_CHAT, "Bridge", List.of(LARK_BOB)));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        symphony = SymphonySimulator.builder().botUsername("im-bridge-bot").botId(SYMPHONY_BOT_ID)
                .botPublicKey(pair.getPublic()).longPollTimeout(Duration.ofSeconds(1)).start();
        symphony.addUser(new SymUser(SYMPHONY_ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        aliceIm = symphony.createIm(SYMPHONY_ALICE, SYMPHONY_BOT_ID);
    }

    @AfterAll
    static void stopSimulators() {
        openim.close();
        dingtalk.close();
        lark.close();
        symphony.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        OpenImConfiguration o = context.getComponent("openim", OpenImComponent.class).getConfiguration();
        o.setUserId(BOT);
        o.setAdminUserId("imAdmin");
        o.setSecret("bridge-im-secret");
        o.setApiUrl(openim.apiUrl());
        o.setWsUrl(openim.wsUrl());
        o.setReconnectDelay(100);
        DingTalkConfiguration d = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        d.setClientId("dingimbridge");
        d.setClientSecret("bridge-secret");
        d.setApiUrl(dingtalk.apiUrl());
        d.setOapiUrl(dingtalk.oapiUrl());
        d.setReconnectDelay(100);
        LarkConfiguration l = context.getComponent("lark", LarkComponent.class).getConfiguration();
        l.setAppId("cli_0123456789abcdef");
        l.setAppSecret("lark-bridge-secret");
        l.setApiUrl(lark.apiUrl());
        l.setReconnectDelay(100);
        SymphonyConfiguration s = context.getComponent("symphony", SymphonyComponent.class).getConfiguration();
        s.setBotUsername("im-bridge-bot");
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
                from("openim:stream").routeId("openim-out")
                        .choice()
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo("sg_gding"))
                        .to("dingtalk:message?to=group:" + DINGTALK_GROUP)
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo("sg_glark"))
                        .to("lark:message?to=chat_id:" + LARK_CHAT)
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo("sg_gsym"))
                        .to("symphony:message?to=stream:" + aliceIm);
                from("dingtalk:stream").routeId("dingtalk-to-openim").to("openim:message?to=group:gding");
                from("lark:stream").routeId("lark-to-openim").to("openim:message?to=group:glark");
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("symphony-to-openim")
                        .to("openim:message?to=group:gsym");
            }
        };
    }

    private static void awaitConnected() {
        await().atMost(WAIT).until(() -> !openim.connections(BOT).isEmpty() && dingtalk.openConnections() >= 1
                && lark.openConnections() >= 1 && !symphony.datafeeds().isEmpty());
    }

    /** The last message the bot sent into an OpenIM group that matches. */
    private static OpenImMessage botSent(String groupId, int contentType) {
        return openim.messages(OpenImSimulator.groupConversationId(groupId)).stream()
                .filter(m -> BOT.equals(m.sendId()) && m.contentType() == contentType).reduce((a, b) -> b)
                .orElse(null);
    }

    private static byte[] uploadedBy(OpenImMessage message) {
        return openim.uploadedObjects().stream().filter(o -> message.content().contains(o.url()))
                .map(o -> o.bytes()).findFirst().orElse(null);
    }

    @Test
    void dingTalkTextAndPicturesBothWays() {
        awaitConnected();
        openim.sendGroupText(ANN, "gding", "hello DingTalk, from OpenIM");
        await().atMost(WAIT).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "hello DingTalk, from OpenIM".equals(m.text()) && m.targets().contains(DINGTALK_GROUP)));

        dingtalk.userSendsText("carol", null, "hello OpenIM, from DingTalk");
        await().atMost(WAIT).until(() -> botSent("gding", 101) != null
                && botSent("gding", 101).text().equals("hello OpenIM, from DingTalk"));

        openim.sendPicture(ANN, "", "gding", "chart.png", "image/png", PNG);
        await().atMost(WAIT)
                .until(() -> dingtalk.uploadedMedia().stream().anyMatch(u -> Arrays.equals(u.bytes(), PNG)));

        dingtalk.userSendsPicture("carol", null, PNG2);
        await().atMost(WAIT).until(() -> botSent("gding", 102) != null);
        assertThat(uploadedBy(botSent("gding", 102))).isEqualTo(PNG2);
    }

    @Test
    void larkTextAndPicturesBothWays() {
        awaitConnected();
        openim.sendGroupText(ANN, "glark", "hello Lark, from OpenIM");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from OpenIM".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));

        lark.userSendsText(LARK_BOB, LARK_CHAT, "hello OpenIM, from Lark");
        await().atMost(WAIT).until(() -> botSent("glark", 101) != null
                && botSent("glark", 101).text().equals("hello OpenIM, from Lark"));

        openim.sendPicture(ANN, "", "glark", "chart.png", "image/png", PNG);
        await().atMost(WAIT).until(() -> lark.uploads().stream().anyMatch(u -> Arrays.equals(u.bytes(), PNG)));
        assertThat(lark.sentMessages()).anyMatch(m -> "image".equals(m.msgType()) && LARK_CHAT.equals(m.receiveId()));

        lark.userSendsImage(LARK_BOB, LARK_CHAT, PNG2);
        await().atMost(WAIT).until(() -> botSent("glark", 102) != null);
        assertThat(uploadedBy(botSent("glark", 102))).isEqualTo(PNG2);
    }

    @Test
    void symphonyTextAndFilesBothWays() {
        awaitConnected();
        openim.sendGroupText(ANN, "gsym", "hello Symphony, from OpenIM <3");
        await().atMost(WAIT).until(() -> symphony.sentMessages().stream()
                .anyMatch(m -> m.messageML().contains("hello Symphony, from OpenIM &lt;3")));

        symphony.userPostsMessage(SYMPHONY_ALICE, aliceIm, "<messageML>hello OpenIM, from <b>Symphony</b></messageML>");
        await().atMost(WAIT).until(() -> botSent("gsym", 101) != null
                && botSent("gsym", 101).text().equals("hello OpenIM, from Symphony"));

        openim.sendFile(ANN, "", "gsym", "minutes.pdf", PDF);
        await().atMost(WAIT).until(() -> symphony.sentMessages().stream().flatMap(m -> m.attachments().stream())
                .anyMatch(a -> Arrays.equals(a.bytes(), PDF)));

        symphony.userPostsMessage(SYMPHONY_ALICE, aliceIm, "<messageML>a chart</messageML>", null,
                List.of(new SymAttachment("internal_att_chart1", "chart.png", "image/png", PNG2)));
        await().atMost(WAIT).until(() -> botSent("gsym", 102) != null || botSent("gsym", 105) != null);
        OpenImMessage sent = botSent("gsym", 102) != null ? botSent("gsym", 102) : botSent("gsym", 105);
        assertThat(uploadedBy(sent)).isEqualTo(PNG2);
    }
}
