package io.camelchat.difft;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.simulator.difft.DifftMessage;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bot built from both ends: {@code difft:stream} answers in the conversation a message came from with
 * {@code difft:message}, and hands a received file on as a {@link ChatMessage} (the attachment loaded through the
 * consuming endpoint, then encrypted and uploaded again by the producer).
 */
class DifftStreamReplyTest extends DifftConsumerTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("difft:stream").routeId("stream")
                        .choice()
                        .when(e -> !e.getMessage().getBody(ChatMessage.class).getAttachments().isEmpty())
                        .convertBodyTo(ChatMessage.class)
                        .to("difft:message?to=group:" + GID)
                        .otherwise()
                        .process(e -> {
                            DifftInboundMessage m = e.getMessage().getBody(DifftInboundMessage.class);
                            e.getMessage().setHeader(ChatHeaders.TO,
                                    (m.isGroup() ? "group:" : "user:") + m.getConversationId());
                            e.getMessage().setBody("echo: " + m.getText());
                        })
                        .to("difft:message")
                        .end();
            }
        };
    }

    @Test
    void repliesGoToTheConversationTheMessageCameFrom() {
        String direct = sim.sendText(ALICE, BOT, "direct question");
        String group = sim.sendGroupMention(BOB, GID, "group question", BOT);
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(APP, direct)
                && sim.isAcknowledged(APP, group));
        assertThat(sim.sentTo(ALICE)).extracting(DifftMessage::body).contains("echo: direct question");
        assertThat(sim.sentTo(GID)).extracting(DifftMessage::body).anyMatch(b -> b.endsWith("group question")
                && b.startsWith("echo: "));
    }

    @Test
    void aReceivedFileIsHandedOnAsAChatMessage() {
        byte[] content = "minutes of the meeting".getBytes(StandardCharsets.UTF_8);
        String ref = sim.sendFile(ALICE, BOT, "minutes.txt", "text/plain", content);
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(APP, ref));
        DifftMessage sent = sim.sentTo(GID).stream().filter(m -> m.attachment() != null).findFirst().orElseThrow();
        Map<String, Object> a = sent.attachment();
        assertThat(a).containsEntry("fileName", "minutes.txt");
        assertThat(((Number) a.get("size")).longValue()).isEqualTo(content.length);
    }
}
