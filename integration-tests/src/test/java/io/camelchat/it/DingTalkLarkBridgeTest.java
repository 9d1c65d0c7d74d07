package io.camelchat.it;

import java.time.Duration;
import java.util.List;

import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.SimGroup;
import io.camelchat.simulator.dingtalk.SimUser;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.LarkUser;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first bridges, as plain routes with no processor in between: what DingTalk users tell the robot lands in a
 * Lark chat, and what Lark users send the bot lands in a DingTalk group. Text and an image each way; the image is
 * downloaded from one platform and uploaded to the other by the components themselves.
 */
class DingTalkLarkBridgeTest extends CamelTestSupport {

    private static final String DINGTALK_GROUP = "cidBRIDGEgroup==";
    private static final String LARK_CHAT = "oc_bridgechat0001";
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R' };
    private static final byte[] PNG2 = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4 };

    private static DingTalkSimulator dingtalk;
    private static LarkSimulator lark;

    @BeforeAll
    static void startSimulators() {
        dingtalk = DingTalkSimulator.builder().clientId("dingbridge").clientSecret("bridge-secret").start();
        dingtalk.addUser(new SimUser("alice", "unionAlice", "Alice", "+8613800000001", "alice@example.com"));
        dingtalk.addGroup(new SimGroup(DINGTALK_GROUP, "Bridge", List.of("alice")));
        lark = LarkSimulator.builder().appId("cli_0123456789abcdef").appSecret("lark-bridge-secret").start();
        lark.addUser(new LarkUser("ou_bob0001", "u_bob", "on_bob", "Bob", "bob@example.com", "+8613800000002"));
        lark.addChat(new LarkChat(LARK_CHAT, "Bridge", List.of("ou_bob0001")));
    }

    @AfterAll
    static void stopSimulators() {
        dingtalk.close();
        lark.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DingTalkConfiguration d = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        d.setClientId("dingbridge");
        d.setClientSecret("bridge-secret");
        d.setApiUrl(dingtalk.apiUrl());
        d.setOapiUrl(dingtalk.oapiUrl());
        d.setReconnectDelay(100);
        LarkConfiguration l = context.getComponent("lark", LarkComponent.class).getConfiguration();
        l.setAppId("cli_0123456789abcdef");
        l.setAppSecret("lark-bridge-secret");
        l.setApiUrl(lark.apiUrl());
        l.setReconnectDelay(100);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream").routeId("dingtalk-to-lark")
                        .to("lark:message?to=chat_id:" + LARK_CHAT);
                from("lark:stream").routeId("lark-to-dingtalk")
                        .to("dingtalk:message?to=group:" + DINGTALK_GROUP);
            }
        };
    }

    private void awaitConnected() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dingtalk.openConnections() >= 1 && lark.openConnections() >= 1);
    }

    @Test
    void textCrossesBothWays() {
        awaitConnected();
        dingtalk.userSendsText("alice", null, "hello Lark, from DingTalk");
        await().atMost(Duration.ofSeconds(10)).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from DingTalk".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));

        lark.userSendsText("ou_bob0001", LARK_CHAT, "hello DingTalk, from Lark");
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "hello DingTalk, from Lark".equals(m.text()) && m.channel() == SentMessage.Channel.GROUP
                        && m.targets().contains(DINGTALK_GROUP)));
    }

    @Test
    void imageIsDownloadedFromOnePlatformAndUploadedToTheOther() {
        awaitConnected();
        dingtalk.userSendsPicture("alice", null, PNG);
        await().atMost(Duration.ofSeconds(10)).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "image".equals(m.msgType()) && LARK_CHAT.equals(m.receiveId())));
        io.camelchat.simulator.lark.SentMessage toLark = lark.sentMessages().stream()
                .filter(m -> "image".equals(m.msgType())).reduce((a, b) -> b).orElseThrow();
        String imageKey = String.valueOf(toLark.content().get("image_key"));
        assertThat(lark.uploads()).anySatisfy(u -> {
            assertThat(u.key()).isEqualTo(imageKey);
            assertThat(u.bytes()).isEqualTo(PNG);
        });

        lark.userSendsImage("ou_bob0001", LARK_CHAT, PNG2);
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "sampleImageMsg".equals(m.msgKey())));
        SentMessage toDingTalk = dingtalk.sentMessages().stream().filter(m -> "sampleImageMsg".equals(m.msgKey()))
                .reduce((a, b) -> b).orElseThrow();
        String mediaId = String.valueOf(toDingTalk.content().get("photoURL"));
        assertThat(dingtalk.uploadedMedia()).anySatisfy(u -> {
            assertThat(u.mediaId()).isEqualTo(mediaId);
            assertThat(u.bytes()).isEqualTo(PNG2);
        });
    }
}
