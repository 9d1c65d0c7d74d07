package io.camelchat.difft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A ChatMessage as the content of a Difft send. */
class DifftConvertersTest {

    @Test
    void textMentionsAndQuote() {
        ChatMessage chat = ChatMessage.text("done").addMention(new ChatMention(" 7645", "Allen"))
                .addMention(ChatMention.of("+7646"));
        chat.setReplyToId("v1:1710000000000:+60000#group:g1").setQuotedText("build?");
        ObjectNode r = DifftConverters.toSendContent(chat, "app");
        assertThat(r.path("type").asText()).isEqualTo("TEXT");
        assertThat(r.path("msg").path("body").asText()).isEqualTo("@Allen @+7646 done");
        assertThat(r.path("msg").path("atPersons")).extracting(n -> n.asText()).containsExactly("+7645", "+7646");
        assertThat(r.path("msg").path("quote").path("refID").asText()).isEqualTo("v1:1710000000000:+60000");
        assertThat(r.path("msg").path("quote").path("text").asText()).isEqualTo("build?");

        ChatMessage named = ChatMessage.text("@Allen see").addMention(new ChatMention("+7645", "Allen"));
        assertThat(DifftConverters.toSendContent(named, "app").path("msg").path("body").asText())
                .isEqualTo("@Allen see");
    }

    @Test
    void mentionsOfOtherPlatformsAreOnlyNamed() {
        ChatMessage chat = ChatMessage.text("hi").addMention(new ChatMention("ou_7f3a", "Ann"));
        ObjectNode r = DifftConverters.toSendContent(chat, "app");
        assertThat(r.path("msg").path("body").asText()).isEqualTo("@Ann hi");
        assertThat(r.path("msg").has("atPersons")).isFalse();
    }

    @Test
    void markdownAloneIsACardAndAForeignReplyIsNoQuote() {
        ObjectNode card = DifftConverters.toSendContent(ChatMessage.markdown("t", "**x**"), "app");
        assertThat(card.path("type").asText()).isEqualTo("CARD");
        assertThat(card.path("card").path("appID").asText()).isEqualTo("app");
        assertThat(card.path("card").path("content").asText()).isEqualTo("**x**");
        assertThat(card.path("card").path("id").asText()).hasSize(32);

        ChatMessage reply = ChatMessage.markdown("t", "**x**");
        reply.setReplyToId("si_a_b#client-1");
        ObjectNode r = DifftConverters.toSendContent(reply, "app");
        assertThat(r.path("type").asText()).isEqualTo("CARD");

        assertThat(DifftConverters.toSendContent(new ChatMessage(), "app")).isNull();
    }
}
