package io.camelchat.it;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.Json;
import io.camelchat.difft.DifftComponent;
import io.camelchat.difft.DifftConfiguration;
import io.camelchat.difft.api.DifftAttachment;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.simulator.difft.DifftMessage;
import io.camelchat.simulator.difft.DifftSimulator;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Difft bridged both ways with DingTalk, Lark, Symphony and OpenIM: one Difft group per platform, all read by one
 * {@code difft:stream} consumer (one websocket listener per app) that routes each group's messages by conversation;
 * the other platforms' consumers send into their group through {@code difft:message}. Text and a file each way: a
 * file a user sends on one platform is downloaded by the consuming component and uploaded as a file by the other
 * (on Difft encrypted, uploaded and authorized for the group, then downloaded and decrypted here through
 * {@code difft:media} to compare the bytes). The Difft simulator keeps its default rate limit (one message per
 * second and app) and the component its default {@code sendInterval}.
 */
class DifftBridgesTest extends CamelTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String APP = "bridgeapp001";
    private static final String APP_SECRET = "difft-bridge-secret";
    private static final String BOT = "+60001";
    private static final String DAN = "+71234567890";
    private static final String G_DING = "0d1e2a3b4c5d6e7f8091a2b3c4d5e6f7";
    private static final String G_LARK = "1d1e2a3b4c5d6e7f8091a2b3c4d5e6f7";
    private static final String G_SYM = "2d1e2a3b4c5d6e7f8091a2b3c4d5e6f7";
    private static final String G_IM = "3d1e2a3b4c5d6e7f8091a2b3c4d5e6f7";
    private static final String IM_BOT = "bridgebot";
    private static final String ANN = "ann";
    private static final String DINGTALK_GROUP = "cidDIFFTbridge==";
    private static final String LARK_CHAT = "oc_difftbridge01";
    private static final String LARK_BOB = "ou_bob0001";
    private static final long SYMPHONY_BOT_ID = 349026222340888L;
    private static final long SYMPHONY_ALICE = 349026222344888L;
    private static final byte[] PDF = "%PDF-1.4 minutes of the Difft bridge".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CSV = "day,deploys\nmon,3\ntue,5\n".getBytes(StandardCharsets.US_ASCII);

    private static DifftSimulator difft;
    private static DingTalkSimulator dingtalk;
    private static LarkSimulator lark;
    private static SymphonySimulator symphony;
    private static OpenImSimulator openim;
    private static String privateKeyPem;
    private static String aliceIm;

    @BeforeAll
    static void startSimulators() throws Exception {
        difft = DifftSimulator.builder().app(APP, APP_SECRET, BOT).account(DAN, "dan@example.org", "Dan")
                .group(G_DING, "With DingTalk", BOT, DAN).group(G_LARK, "With Lark", BOT, DAN)
                .group(G_SYM, "With Symphony", BOT, DAN).group(G_IM, "With OpenIM", BOT, DAN).start();
        dingtalk = DingTalkSimulator.builder().clientId("dingdifftbridge").clientSecret("bridge-secret").start();
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
        symphony = SymphonySimulator.builder().botUsername("difft-bridge-bot").botId(SYMPHONY_BOT_ID)
                .botPublicKey(pair.getPublic()).longPollTimeout(Duration.ofSeconds(1)).start();
        symphony.addUser(new SymUser(SYMPHONY_ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        aliceIm = symphony.createIm(SYMPHONY_ALICE, SYMPHONY_BOT_ID);
        openim = OpenImSimulator.builder().secret("bridge-im-secret").adminUserId("imAdmin").user(IM_BOT, "Bridge")
                .user(ANN, "Ann").group("gdifft", "With Difft", ANN, IM_BOT).start();
    }

    @AfterAll
    static void stopSimulators() {
        difft.close();
        dingtalk.close();
        lark.close();
        symphony.close();
        openim.close();
    }

    @AfterEach
    void noProtocolErrors() {
        assertThat(difft.protocolErrors()).isEmpty();
        assertThat(symphony.protocolErrors()).isEmpty();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DifftConfiguration f = context.getComponent("difft", DifftComponent.class).getConfiguration();
        f.setAppId(APP);
        f.setAppSecret(APP_SECRET);
        f.setBotId(BOT);
        f.setApiUrl(difft.baseUrl());
        f.setWsUrl(difft.websocketUrl());
        f.setReconnectDelay(100);
        DingTalkConfiguration d = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        d.setClientId("dingdifftbridge");
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
        s.setBotUsername("difft-bridge-bot");
        s.setPrivateKey(privateKeyPem);
        s.setPodUrl(symphony.podUrl());
        s.setAgentUrl(symphony.agentUrl());
        s.setKeyManagerUrl(symphony.keyManagerUrl());
        s.setReconnectDelay(100);
        OpenImConfiguration o = context.getComponent("openim", OpenImComponent.class).getConfiguration();
        o.setUserId(IM_BOT);
        o.setAdminUserId("imAdmin");
        o.setSecret("bridge-im-secret");
        o.setApiUrl(openim.apiUrl());
        o.setWsUrl(openim.wsUrl());
        o.setReconnectDelay(100);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("difft:stream").routeId("difft-out")
                        .choice()
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo(G_DING))
                        .to("dingtalk:message?to=group:" + DINGTALK_GROUP)
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo(G_LARK))
                        .to("lark:message?to=chat_id:" + LARK_CHAT)
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo(G_SYM))
                        .to("symphony:message?to=stream:" + aliceIm)
                        .when(header(ChatHeaders.CONVERSATION_ID).isEqualTo(G_IM))
                        .to("openim:message?to=group:gdifft");
                from("dingtalk:stream").routeId("dingtalk-to-difft").to("difft:message?to=group:" + G_DING);
                from("lark:stream").routeId("lark-to-difft").to("difft:message?to=group:" + G_LARK);
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("symphony-to-difft")
                        .to("difft:message?to=group:" + G_SYM);
                from("openim:stream").routeId("openim-to-difft").to("difft:message?to=group:" + G_IM);
            }
        };
    }

    private static void awaitConnected() {
        await().atMost(WAIT).until(() -> difft.connections(APP) >= 1 && dingtalk.openConnections() >= 1
                && lark.openConnections() >= 1 && !symphony.datafeeds().isEmpty()
                && !openim.connections(IM_BOT).isEmpty());
    }

    /** Whether the bot sent this text into the Difft group. */
    private static boolean difftSentText(String gid, String text) {
        return difft.sentTo(gid).stream().anyMatch(m -> text.equals(m.body()));
    }

    /** The last message with an attachment the bot sent into the Difft group, or null. */
    private static DifftMessage difftSentFile(String gid, String fileName) {
        return difft.sentTo(gid).stream().filter(m -> m.attachment() != null && fileName.equals(m.fileName()))
                .reduce((a, b) -> b).orElse(null);
    }

    /** What a group member gets when downloading and decrypting the attachment of a message the bot sent. */
    private byte[] downloaded(DifftMessage m) {
        DifftAttachment a = DifftAttachment.fromJson(Json.MAPPER.valueToTree(m.attachment()));
        return template.requestBody("difft:media?operation=download", a, byte[].class);
    }

    @Test
    void dingTalkTextAndFilesBothWays() {
        awaitConnected();
        difft.sendGroupText(DAN, G_DING, "hello DingTalk, from Difft");
        await().atMost(WAIT).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "hello DingTalk, from Difft".equals(m.text()) && m.targets().contains(DINGTALK_GROUP)));

        dingtalk.userSendsText("carol", DINGTALK_GROUP, "hello Difft, from DingTalk");
        await().atMost(WAIT).until(() -> difftSentText(G_DING, "hello Difft, from DingTalk"));

        difft.sendGroupFile(DAN, G_DING, "minutes.pdf", "application/pdf", PDF);
        await().atMost(WAIT).until(() -> dingtalk.uploadedMedia().stream()
                .anyMatch(u -> Arrays.equals(u.bytes(), PDF) && "minutes.pdf".equals(u.fileName())));

        dingtalk.userSendsFile("carol", DINGTALK_GROUP, "deploys.csv", CSV);
        await().atMost(WAIT).until(() -> difftSentFile(G_DING, "deploys.csv") != null);
        assertThat(downloaded(difftSentFile(G_DING, "deploys.csv"))).isEqualTo(CSV);
    }

    @Test
    void larkTextAndFilesBothWays() {
        awaitConnected();
        difft.sendGroupText(DAN, G_LARK, "hello Lark, from Difft");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from Difft".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));

        lark.userSendsText(LARK_BOB, LARK_CHAT, "hello Difft, from Lark");
        await().atMost(WAIT).until(() -> difftSentText(G_LARK, "hello Difft, from Lark"));

        difft.sendGroupFile(DAN, G_LARK, "minutes.pdf", "application/pdf", PDF);
        await().atMost(WAIT).until(() -> lark.uploads().stream()
                .anyMatch(u -> Arrays.equals(u.bytes(), PDF) && "minutes.pdf".equals(u.name())));
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "file".equals(m.msgType()) && LARK_CHAT.equals(m.receiveId())));

        lark.userSendsFile(LARK_BOB, LARK_CHAT, "deploys.csv", CSV);
        await().atMost(WAIT).until(() -> difftSentFile(G_LARK, "deploys.csv") != null);
        assertThat(downloaded(difftSentFile(G_LARK, "deploys.csv"))).isEqualTo(CSV);
    }

    @Test
    void symphonyTextAndFilesBothWays() {
        awaitConnected();
        difft.sendGroupText(DAN, G_SYM, "hello Symphony, from Difft <3");
        await().atMost(WAIT).until(() -> symphony.sentMessages().stream()
                .anyMatch(m -> m.messageML().contains("hello Symphony, from Difft &lt;3")));

        symphony.userPostsMessage(SYMPHONY_ALICE, aliceIm, "<messageML>hello Difft, from <b>Symphony</b></messageML>");
        await().atMost(WAIT).until(() -> difftSentText(G_SYM, "hello Difft, from Symphony"));

        difft.sendGroupFile(DAN, G_SYM, "minutes.pdf", "application/pdf", PDF);
        await().atMost(WAIT).until(() -> symphony.sentMessages().stream().flatMap(m -> m.attachments().stream())
                .anyMatch(a -> Arrays.equals(a.bytes(), PDF) && "minutes.pdf".equals(a.name())));

        symphony.userPostsMessage(SYMPHONY_ALICE, aliceIm, "<messageML>the deploys</messageML>", null,
                List.of(new SymAttachment("internal_att_deploys1", "deploys.csv", "text/csv", CSV)));
        await().atMost(WAIT).until(() -> difftSentFile(G_SYM, "deploys.csv") != null);
        assertThat(downloaded(difftSentFile(G_SYM, "deploys.csv"))).isEqualTo(CSV);
    }

    @Test
    void openImTextAndFilesBothWays() {
        awaitConnected();
        difft.sendGroupText(DAN, G_IM, "hello OpenIM, from Difft");
        await().atMost(WAIT).until(() -> imBotSent(101) != null
                && imBotSent(101).text().equals("hello OpenIM, from Difft"));

        openim.sendGroupText(ANN, "gdifft", "hello Difft, from OpenIM");
        await().atMost(WAIT).until(() -> difftSentText(G_IM, "hello Difft, from OpenIM"));

        difft.sendGroupFile(DAN, G_IM, "minutes.pdf", "application/pdf", PDF);
        await().atMost(WAIT).until(() -> imBotSent(105) != null);
        assertThat(openim.uploadedObjects().stream().filter(o -> imBotSent(105).content().contains(o.url()))
                .map(o -> o.bytes()).filter(Objects::nonNull).findFirst()).hasValueSatisfying(
                        b -> assertThat(b).isEqualTo(PDF));

        openim.sendFile(ANN, "", "gdifft", "deploys.csv", CSV);
        await().atMost(WAIT).until(() -> difftSentFile(G_IM, "deploys.csv") != null);
        assertThat(downloaded(difftSentFile(G_IM, "deploys.csv"))).isEqualTo(CSV);
    }

    /** The last message of this content type the bot sent into the OpenIM group. */
    private static OpenImMessage imBotSent(int contentType) {
        return openim.messages(OpenImSimulator.groupConversationId("gdifft")).stream()
                .filter(m -> IM_BOT.equals(m.sendId()) && m.contentType() == contentType).reduce((a, b) -> b)
                .orElse(null);
    }
}
