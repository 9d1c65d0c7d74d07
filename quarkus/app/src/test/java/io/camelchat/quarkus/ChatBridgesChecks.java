package io.camelchat.quarkus;

import java.net.URL;
import java.time.Duration;

import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.lark.InboundEvent;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.Tamper;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.symphony.SymphonySimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;

import static io.camelchat.quarkus.ChatSimulatorsResource.DIFFT_APP_ID;
import static io.camelchat.quarkus.ChatSimulatorsResource.DIFFT_BOT;
import static io.camelchat.quarkus.ChatSimulatorsResource.DIFFT_CAROL;
import static io.camelchat.quarkus.ChatSimulatorsResource.DIFFT_GROUP;
import static io.camelchat.quarkus.ChatSimulatorsResource.DINGTALK_GROUP;
import static io.camelchat.quarkus.ChatSimulatorsResource.LARK_BOB;
import static io.camelchat.quarkus.ChatSimulatorsResource.LARK_CHAT;
import static io.camelchat.quarkus.ChatSimulatorsResource.OPENIM_ANN;
import static io.camelchat.quarkus.ChatSimulatorsResource.OPENIM_BOT;
import static io.camelchat.quarkus.ChatSimulatorsResource.OPENIM_GROUP;
import static io.camelchat.quarkus.ChatSimulatorsResource.SYMPHONY_ALICE;
import static io.camelchat.quarkus.ChatSimulatorsResource.SYMPHONY_BOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the Quarkus application (JVM mode, Camel Quarkus) does against the simulators, checked in the test runtime
 * ({@link ChatBridgesQuarkusTest}) and in the packaged application run as a process ({@link ChatBridgesQuarkusIT}):
 * the YAML route bridges DingTalk (Stream mode) to Lark, the Java routes take Lark events from a webhook served by
 * Quarkus's own HTTP server to DingTalk, Symphony datafeed messages to Lark, and an OpenIM group with Lark both ways
 * (the OpenIM stream consumer to the chat, a second webhook path to the group) and a Difft group with Lark both ways
 * (the Difft stream consumer to the chat, a third webhook path to the group). The simulators are injected by
 * {@link ChatSimulatorsResource}.
 */
abstract class ChatBridgesChecks {

    static final Duration WAIT = Duration.ofSeconds(15);

    DingTalkSimulator dingtalk;
    LarkSimulator lark;
    SymphonySimulator symphony;
    OpenImSimulator openim;
    DifftSimulator difft;

    @TestHTTPResource("/lark/events")
    URL larkWebhook;

    @TestHTTPResource("/lark/openim")
    URL larkToOpenImWebhook;

    @TestHTTPResource("/lark/difft")
    URL larkToDifftWebhook;

    @Test
    void dingTalkMessageArrivesInTheLarkChat() {
        await().atMost(WAIT).until(() -> dingtalk.openConnections() >= 1);
        dingtalk.userSendsText("alice", null, "hello Lark, from DingTalk on Quarkus");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from DingTalk on Quarkus".equals(m.text())
                        && LARK_CHAT.equals(m.receiveId())));
    }

    @Test
    void larkWebhookEventIsServedByQuarkusAndRoutedToDingTalk() {
        InboundEvent event = lark.newTextEvent(LARK_BOB, LARK_CHAT, "hello DingTalk, from the Lark webhook");
        assertThat(lark.postEvent(larkWebhook.toString(), event, true, Tamper.NONE).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> dingtalk.sentMessages().stream()
                .anyMatch(m -> "hello DingTalk, from the Lark webhook".equals(m.text())
                        && m.channel() == SentMessage.Channel.GROUP && m.targets().contains(DINGTALK_GROUP)));

        InboundEvent forged = lark.newTextEvent(LARK_BOB, LARK_CHAT, "forged");
        assertThat(lark.postEvent(larkWebhook.toString(), forged, true, Tamper.FORGED_SIGNATURE).status())
                .isEqualTo(401);
        assertThat(lark.postUrlVerification(larkWebhook.toString(), true).answerVerified()).isTrue();
        assertThat(dingtalk.sentMessages()).noneMatch(m -> "forged".equals(m.text()));
    }

    @Test
    void openImGroupAndLarkAreBridgedBothWays() {
        // a stream consumer without stored seqs starts after the newest messages of its first sync (1001): a message
        // sent while that request is answered could be taken as already seen, so send once it was answered
        await().atMost(WAIT).until(() -> !openim.connections(OPENIM_BOT).isEmpty()
                && openim.inbound().stream().anyMatch(l -> l.startsWith("ws 1001 " + OPENIM_BOT + " ")));
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        openim.sendGroupText(OPENIM_ANN, OPENIM_GROUP, "hello Lark, from OpenIM on Quarkus");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "hello Lark, from OpenIM on Quarkus".equals(m.text())
                        && LARK_CHAT.equals(m.receiveId())));

        InboundEvent event = lark.newTextEvent(LARK_BOB, LARK_CHAT, "hello OpenIM, from Lark on Quarkus");
        assertThat(lark.postEvent(larkToOpenImWebhook.toString(), event, true, Tamper.NONE).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> openim.messages(OpenImSimulator.groupConversationId(OPENIM_GROUP)).stream()
                .anyMatch(m -> OPENIM_BOT.equals(m.sendId()) && "hello OpenIM, from Lark on Quarkus".equals(m.text())));
    }

    @Test
    void difftGroupAndLarkAreBridgedBothWays() {
        // the bot's websocket is open; what the group says waits for its next fetch
        await().atMost(WAIT).until(() -> difft.connections(DIFFT_APP_ID) >= 1);
        String ref = difft.sendGroupText(DIFFT_CAROL, DIFFT_GROUP, "hello Lark, from Difft on Quarkus");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(
                        m -> "hello Lark, from Difft on Quarkus".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));
        await().atMost(WAIT).until(() -> difft.isAcknowledged(DIFFT_APP_ID, ref));

        InboundEvent event = lark.newTextEvent(LARK_BOB, LARK_CHAT, "hello Difft, from Lark on Quarkus");
        assertThat(lark.postEvent(larkToDifftWebhook.toString(), event, true, Tamper.NONE).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> difft.sentTo(DIFFT_GROUP).stream()
                .anyMatch(m -> DIFFT_BOT.equals(m.src()) && m.isGroup()
                        && "hello Difft, from Lark on Quarkus".equals(m.body())));
        assertThat(difft.protocolErrors()).isEmpty();
    }

    @Test
    void symphonyMessageArrivesInTheLarkChat() {
        await().atMost(WAIT).until(() -> !symphony.datafeeds().isEmpty());
        String im = symphony.createIm(SYMPHONY_ALICE, SYMPHONY_BOT);
        symphony.userPostsMessage(SYMPHONY_ALICE, im, "<messageML>release 1.2 is <b>out</b></messageML>");
        await().atMost(WAIT).until(() -> lark.sentMessages().stream()
                .anyMatch(m -> "release 1.2 is out".equals(m.text()) && LARK_CHAT.equals(m.receiveId())));
    }
}
