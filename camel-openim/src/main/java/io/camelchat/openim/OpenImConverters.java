package io.camelchat.openim;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;

/** Type converters from OpenIM's messages to the normalized {@link ChatMessage} and to text. */
@Converter(generateLoader = true)
public final class OpenImConverters {

    private OpenImConverters() {
    }

    /**
     * The normalized message: id, conversation, sender and time as in the headers; text (101, 106, 114, 117),
     * markdown (118), mentions (106; AtAllTag as mention of all), the quoted text and message (106, 114), pictures,
     * files, voice and video as attachments with their URL (loadable through the consuming endpoint when the exchange
     * came from one); other content types as their plain text ({@link OpenImContent#text()}).
     */
    @Converter
    public static ChatMessage toChatMessage(OpenImMessage m, Exchange exchange) {
        ChatMessage msg = new ChatMessage().setPlatform(OpenImConstants.PLATFORM).setId(m.getMessageId())
                .setConversationId(m.getConversationId())
                .setConversationType(OpenImEventHeaders.conversationType(m)).setSenderId(m.getSendId())
                .setSenderName(m.getSenderNickname() == null || m.getSenderNickname().isEmpty() ? null
                        : m.getSenderNickname())
                .setTimestamp(m.getSendTime() > 0 ? m.getSendTime() : m.getCreateTime());
        OpenImEndpoint endpoint = exchange != null && exchange.getFromEndpoint() instanceof OpenImEndpoint e ? e : null;
        OpenImContent c = m.getElement();
        if (c instanceof OpenImContent.Markdown md) {
            msg.setMarkdown(md.content());
        } else if (c instanceof OpenImContent.AtText at) {
            msg.setText(at.text());
            for (String id : at.atUserList()) {
                if (OpenImContent.AtText.AT_ALL.equals(id)) {
                    msg.setMentionAll(true);
                } else {
                    msg.addMention(ChatMention.of(id));
                }
            }
            quote(msg, at.quoteMessage(), m.getConversationId());
        } else if (c instanceof OpenImContent.Quote q) {
            msg.setText(q.text());
            quote(msg, q.quoteMessage(), m.getConversationId());
        } else if (c instanceof OpenImContent.Picture p) {
            msg.addAttachment(attachment(ChatAttachment.Kind.image, p.url(), "picture", endpoint)
                    .setSize(p.sourcePicture() == null ? -1 : p.sourcePicture().size()));
        } else if (c instanceof OpenImContent.File f) {
            msg.addAttachment(attachment(ChatAttachment.Kind.file, f.sourceUrl(), f.fileName(), endpoint)
                    .setSize(f.fileSize()));
        } else if (c instanceof OpenImContent.Sound s) {
            msg.addAttachment(attachment(ChatAttachment.Kind.audio, s.sourceUrl(), "voice", endpoint)
                    .setSize(s.dataSize()));
        } else if (c instanceof OpenImContent.Video v) {
            msg.addAttachment(attachment(ChatAttachment.Kind.video, v.videoUrl(), "video", endpoint)
                    .setSize(v.videoSize()));
        } else {
            msg.setText(c.text());
        }
        return msg;
    }

    private static void quote(ChatMessage msg, JsonNode quoted, String conversationId) {
        if (quoted == null) {
            return;
        }
        OpenImMessage q = OpenImMessage.of(quoted, conversationId);
        if (!q.getClientMsgId().isEmpty()) {
            msg.setReplyToId(OpenImMessage.messageId(conversationId, q.getClientMsgId()));
        }
        String text = q.getContent().isEmpty() && quoted.has("textElem") ? quoted.path("textElem").path("content")
                .asText(null) : q.getText();
        msg.setQuotedText(text);
    }

    private static ChatAttachment attachment(ChatAttachment.Kind kind, String url, String name,
                                             OpenImEndpoint endpoint) {
        ChatAttachment a = ChatAttachment.reference(kind, url, name).setUrl(url);
        if (endpoint != null && url != null && !url.isBlank()) {
            a.setLoader(() -> endpoint.download(url));
        }
        return a;
    }

    /** The message's plain text ({@link OpenImMessage#getText()}). */
    @Converter
    public static String toString(OpenImMessage m) {
        return m.getText();
    }
}
