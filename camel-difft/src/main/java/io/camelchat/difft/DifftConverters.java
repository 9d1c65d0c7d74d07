package io.camelchat.difft;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.difft.api.DifftAttachment;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;

/**
 * Type converters of the Difft component: received messages ({@link DifftInboundMessage}) to the normalized
 * {@link ChatMessage} and to their text, attachment descriptors to a message carrying them.
 */
@Converter(generateLoader = true)
public final class DifftConverters {

    private DifftConverters() {
    }

    /** An attachment descriptor as a message carrying it (its reference is the descriptor's JSON). */
    @Converter
    public static ChatMessage toChatMessage(DifftAttachment attachment) {
        ChatMessage m = new ChatMessage();
        m.addAttachment(DifftMessages.chatAttachment(attachment));
        return m;
    }

    /**
     * The normalized message of a received one: id, conversation, sender and time as in the headers; the text (a
     * card's as markdown; a forwarded message's text when there is no body of its own); the mentioned wuids; the
     * quoted message's id and text; the attachment (and a forwarded message's attachments), loadable through the
     * consuming endpoint when the exchange came from one (downloaded, verified and decrypted only when a producer
     * needs the bytes).
     */
    @Converter
    public static ChatMessage toChatMessage(DifftInboundMessage m, Exchange exchange) {
        ChatMessage msg = new ChatMessage().setPlatform(DifftConstants.PLATFORM).setId(m.getMessageId())
                .setConversationId(m.getConversationId()).setConversationType(m.getConversationType())
                .setSenderId(m.getSender()).setSenderName(m.getSenderName()).setTimestamp(m.getTimestamp());
        DifftEndpoint endpoint = exchange != null && exchange.getFromEndpoint() instanceof DifftEndpoint e ? e : null;
        JsonNode forwarded = m.getForwarded();
        if (m.isCard()) {
            msg.setMarkdown(m.getText());
        } else if (m.getText().isEmpty() && forwarded != null && forwarded.path("text").isTextual()) {
            msg.setText(forwarded.path("text").asText());
        } else {
            msg.setText(m.getText());
        }
        for (String wuid : m.getAtPersons()) {
            msg.addMention(ChatMention.of(wuid));
        }
        msg.setReplyToId(m.getQuoteRefId());
        msg.setQuotedText(m.getQuoteText());
        if (m.getAttachment() != null) {
            msg.addAttachment(attachment(m.getAttachment(), endpoint));
        }
        if (forwarded != null && forwarded.path("attachments").isArray()) {
            for (JsonNode a : forwarded.path("attachments")) {
                if (a.isObject()) {
                    msg.addAttachment(attachment(a, endpoint));
                }
            }
        }
        return msg;
    }

    private static ChatAttachment attachment(JsonNode descriptor, DifftEndpoint endpoint) {
        DifftAttachment a = DifftAttachment.fromJson(descriptor);
        return endpoint == null ? DifftMessages.chatAttachment(a) : DifftMessages.chatAttachment(a, endpoint);
    }

    /** The message's text (rule 4 of the reference's section 8.5). */
    @Converter
    public static String toString(DifftInboundMessage m) {
        return m.getText();
    }
}
