package io.camelchat.openim;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.ByteString;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ConversationType;
import io.camelchat.openim.proto.Sdkws;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The converters Camel finds for OpenImMessage: ChatMessage and String. */
class OpenImConvertersTest extends CamelTestSupport {

    private static OpenImMessage message(int contentType, String content, int sessionType) {
        return OpenImMessage.of(Sdkws.MsgData.newBuilder().setSendID("u2").setRecvID("u1").setGroupID("g1")
                .setClientMsgID("m1").setSessionType(sessionType).setContentType(contentType)
                .setSenderNickname("Bob").setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8)).setSeq(3)
                .setSendTime(1700000000000L).build(), null);
    }

    private ChatMessage chat(OpenImMessage m) {
        return context.getTypeConverter().convertTo(ChatMessage.class, m);
    }

    @Test
    void textBecomesAChatMessageAndAString() {
        OpenImMessage m = message(101, "{\"content\":\"hello\"}", 1);
        ChatMessage c = chat(m);
        assertThat(c.getPlatform()).isEqualTo("openim");
        assertThat(c.getId()).isEqualTo("si_u1_u2#m1");
        assertThat(c.getText()).isEqualTo("hello");
        assertThat(c.getConversationType()).isEqualTo(ConversationType.direct);
        assertThat(c.getSenderName()).isEqualTo("Bob");
        assertThat(c.getTimestamp()).isEqualTo(1700000000000L);
        assertThat(context.getTypeConverter().convertTo(String.class, m)).isEqualTo("hello");
    }

    @Test
    void mentionsQuotesMarkdownAndAttachments() {
        ChatMessage at = chat(message(106, "{\"text\":\"@u1 hi\",\"atUserList\":[\"u1\",\"AtAllTag\"],"
                                           + "\"quoteMessage\":{\"clientMsgID\":\"q9\",\"contentType\":101,"
                                           + "\"content\":\"{\\\"content\\\":\\\"before\\\"}\"}}",
                3));
        assertThat(at.getConversationId()).isEqualTo("sg_g1");
        assertThat(at.getConversationType()).isEqualTo(ConversationType.group);
        assertThat(at.getMentions()).extracting(mn -> mn.id()).containsExactly("u1");
        assertThat(at.isMentionAll()).isTrue();
        assertThat(at.getReplyToId()).isEqualTo("sg_g1#q9");
        assertThat(at.getQuotedText()).isEqualTo("before");
        assertThat(chat(message(118, "{\"content\":\"**b**\"}", 1)).getMarkdown()).isEqualTo("**b**");
        ChatMessage file = chat(message(105, "{\"sourceUrl\":\"http://s/f.pdf\",\"fileName\":\"f.pdf\","
                                             + "\"fileSize\":5}",
                1));
        assertThat(file.getAttachments()).hasSize(1);
        assertThat(file.getAttachments().get(0).getKind()).isEqualTo(ChatAttachment.Kind.file);
        assertThat(file.getAttachments().get(0).getUrl()).isEqualTo("http://s/f.pdf");
        assertThat(file.getAttachments().get(0).getName()).isEqualTo("f.pdf");
        ChatMessage pic = chat(message(102, "{\"sourcePicture\":{\"url\":\"http://s/p.png\",\"size\":7}}", 1));
        assertThat(pic.getAttachments().get(0).getKind()).isEqualTo(ChatAttachment.Kind.image);
        assertThat(chat(message(109, "{\"description\":\"Office\"}", 1)).getText()).isEqualTo("Office");
    }
}
