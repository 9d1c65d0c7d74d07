package io.camelchat.openim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The datafeed routes what other users send the bot, with the normalized and OpenIM headers. */
class OpenImDatafeedConsumerTest extends OpenImTestSupport {

    private final List<String> texts = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("openim:datafeed").routeId("feed").process(e -> texts.add(e.getMessage().getBody(String.class)))
                        .to("mock:in");
            }
        };
    }

    private OpenImDatafeedConsumer datafeed() {
        return (OpenImDatafeedConsumer) context.getRoute("feed").getConsumer();
    }

    @Test
    void messagesAreRoutedWithTheirHeadersAndTheBotsOwnAreNot() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> "polling".equals(datafeed().getState()));
        MockEndpoint mock = getMockEndpoint("mock:in");
        mock.expectedMessageCount(2);
        sim.sendText(BOT, ANN, "the bot's own"); // not routed
        var direct = sim.sendText(ANN, BOT, "hi bot");
        var group = sim.sendGroupText(BOB, GROUP, "hello team");
        mock.assertIsSatisfied(10_000);
        assertThat(texts).containsExactlyInAnyOrder("hi bot", "hello team");

        var first = mock.getReceivedExchanges().stream()
                .filter(e -> "hi bot".equals(e.getMessage().getBody(String.class))).findFirst().orElseThrow()
                .getMessage();
        String conv = OpenImSimulator.singleConversationId(ANN, BOT);
        assertThat(first.getBody()).isInstanceOf(OpenImMessage.class);
        assertThat(first.getHeader(ChatHeaders.PLATFORM)).isEqualTo("openim");
        assertThat(first.getHeader(ChatHeaders.EVENT_TYPE)).isEqualTo("message");
        assertThat(first.getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(conv + "#" + direct.clientMsgId());
        assertThat(first.getHeader(ChatHeaders.CONVERSATION_ID)).isEqualTo(conv);
        assertThat(first.getHeader(ChatHeaders.CONVERSATION_TYPE)).isEqualTo("direct");
        assertThat(first.getHeader(ChatHeaders.SENDER_ID)).isEqualTo(ANN);
        assertThat(first.getHeader(ChatHeaders.SENDER_NAME)).isEqualTo("Ann");
        assertThat(first.getHeader(ChatHeaders.TIMESTAMP)).isEqualTo(direct.sendTime());
        assertThat(first.getHeader(OpenImConstants.SEQ)).isEqualTo(direct.seq());
        assertThat(first.getHeader(OpenImConstants.CONTENT_TYPE)).isEqualTo(101);
        assertThat(first.getBody(ChatMessage.class).getText()).isEqualTo("hi bot");

        var second = mock.getReceivedExchanges().stream()
                .filter(e -> "hello team".equals(e.getMessage().getBody(String.class))).findFirst().orElseThrow()
                .getMessage();
        assertThat(second.getHeader(ChatHeaders.CONVERSATION_ID)).isEqualTo(OpenImSimulator.groupConversationId(GROUP));
        assertThat(second.getHeader(ChatHeaders.CONVERSATION_TYPE)).isEqualTo("group");
        assertThat(second.getHeader(OpenImConstants.GROUP_ID)).isEqualTo(GROUP);
        assertThat(second.getHeader(OpenImConstants.SEQ)).isEqualTo(group.seq());

        // both stored, the bot's own message too (skipped, but its seq is done)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(datafeed().getStoredSeqs())
                .containsEntry(conv, direct.seq())
                .containsEntry(OpenImSimulator.groupConversationId(GROUP), group.seq()));
        assertThat(datafeed().currentStatus().up()).isTrue();
    }

    @Test
    void aRevokeArrivesAsANotification() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> "polling".equals(datafeed().getState()));
        MockEndpoint mock = getMockEndpoint("mock:in");
        mock.expectedMessageCount(2);
        var oops = sim.sendText(ANN, BOT, "oops");
        sim.revoke(ANN, oops.conversationId(), oops.seq());
        mock.assertIsSatisfied(10_000);
        // the n_ conversation's notification (the message itself, pulled after the revoke, is rendered as 2101 too)
        var revoke = mock.getReceivedExchanges().stream().map(e -> e.getMessage())
                .filter(m -> m.getHeader(ChatHeaders.CONVERSATION_ID, String.class).startsWith("n_")).findFirst()
                .orElseThrow();
        assertThat(revoke.getHeader(ChatHeaders.EVENT_TYPE)).isEqualTo("notification");
        assertThat(revoke.getHeader(OpenImConstants.CONTENT_TYPE)).isEqualTo(2101);
        OpenImMessage body = revoke.getBody(OpenImMessage.class);
        assertThat(body.getElement()).isInstanceOf(OpenImContent.Notification.class);
        assertThat(((OpenImContent.Notification) body.getElement()).detailJson().path("clientMsgID").asText())
                .isEqualTo(oops.clientMsgId());
    }

    @Test
    void aReceivedFileCanBeLoadedThroughTheConsumingEndpoint() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> "polling".equals(datafeed().getState()));
        byte[] data = "minutes of the meeting".getBytes(StandardCharsets.UTF_8);
        String url = template.requestBodyAndHeader("openim:media", data, OpenImConstants.OBJECT_NAME, "ann/minutes.txt",
                String.class);
        MockEndpoint mock = getMockEndpoint("mock:in");
        mock.expectedMessageCount(1);
        sim.send(ANN, BOT, "", 1, 105, "{\"sourceUrl\":\"" + url + "\",\"fileName\":\"minutes.txt\",\"fileSize\":"
                                       + data.length + "}");
        mock.assertIsSatisfied(10_000);
        ChatMessage chat = mock.getReceivedExchanges().get(0).getMessage().getBody(ChatMessage.class);
        assertThat(chat.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("minutes.txt");
            assertThat(a.isLoadable()).isTrue();
            assertThat(a.load()).isEqualTo(data);
        });
    }
}
