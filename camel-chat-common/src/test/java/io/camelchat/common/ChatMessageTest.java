package io.camelchat.common;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatMessageTest {

    @Test
    void jsonRoundTripKeepsTheModelAndLeavesOutBytesAndEmptyFields() {
        ChatMessage m = ChatMessage.markdown("Alert", "**disk** full")
                .setId("m1").setPlatform("dingtalk").setConversationId("cid42")
                .setConversationType(ConversationType.group)
                .setSenderId("u1").setSenderName("Ann").setTimestamp(1_700_000_000_000L)
                .addMention(new ChatMention("u2", "Bob")).setMentionAll(true).setReplyToId("m0")
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.image, "a.png", "image/png",
                        "PNG".getBytes(StandardCharsets.US_ASCII)));

        JsonNode json = Json.read(Json.write(m));
        assertThat(json.has("text")).as("empty fields left out").isFalse();
        assertThat(json.get("attachments").get(0).has("data")).as("bytes are not serialized").isFalse();
        assertThat(json.get("conversationType").asText()).isEqualTo("group");

        ChatMessage back = Json.read(Json.write(m), ChatMessage.class);
        assertThat(back.getMarkdown()).isEqualTo("**disk** full");
        assertThat(back.getTitle()).isEqualTo("Alert");
        assertThat(back.getConversationType()).isEqualTo(ConversationType.group);
        assertThat(back.getTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(back.getMentions()).containsExactly(new ChatMention("u2", "Bob"));
        assertThat(back.isMentionAll()).isTrue();
        assertThat(back.getAttachments()).hasSize(1);
        assertThat(back.getAttachments().get(0).getName()).isEqualTo("a.png");
        assertThat(back.getAttachments().get(0).getKind()).isEqualTo(ChatAttachment.Kind.image);
    }

    @Test
    void plainTextEmptinessAndToString() {
        assertThat(ChatMessage.text("hi").getPlainText()).isEqualTo("hi");
        assertThat(ChatMessage.markdown(null, "*hi*").getPlainText()).isEqualTo("*hi*");
        assertThat(new ChatMessage().getPlainText()).isEmpty();
        assertThat(new ChatMessage().isEmpty()).isTrue();
        assertThat(new ChatMessage().addAttachment(ChatAttachment.reference(ChatAttachment.Kind.file, "ref1", "f.txt"))
                .isEmpty())
                .isFalse();
        String s = ChatMessage.text("x".repeat(200)).setSenderName("Ann").toString();
        assertThat(s).contains("from=Ann").contains("...").hasSizeLessThan(120);
    }

    @Test
    void kindsAndConversationTypesParseLeniently() {
        assertThat(ChatAttachment.Kind.fromContentType("IMAGE/PNG")).isEqualTo(ChatAttachment.Kind.image);
        assertThat(ChatAttachment.Kind.fromContentType("audio/ogg")).isEqualTo(ChatAttachment.Kind.audio);
        assertThat(ChatAttachment.Kind.fromContentType("video/mp4")).isEqualTo(ChatAttachment.Kind.video);
        assertThat(ChatAttachment.Kind.fromContentType("application/pdf")).isEqualTo(ChatAttachment.Kind.file);
        assertThat(ChatAttachment.Kind.fromContentType(null)).isEqualTo(ChatAttachment.Kind.file);
        assertThat(ConversationType.parse(" DIRECT ")).isEqualTo(ConversationType.direct);
        assertThat(ConversationType.parse("channel")).isNull();
        assertThat(ConversationType.parse(null)).isNull();
    }
}
