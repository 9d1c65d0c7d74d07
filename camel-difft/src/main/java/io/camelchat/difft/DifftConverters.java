package io.camelchat.difft;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatTarget;
import io.camelchat.common.Json;
import io.camelchat.difft.api.DifftAttachment;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;

/**
 * Type converters of the Difft component: received messages ({@link DifftInboundMessage}) to the normalized
 * {@link ChatMessage} and to their text, attachment descriptors to a message carrying them; and the mapping of a
 * {@link ChatMessage} onto the content of a Difft send.
 */
@Converter(generateLoader = true)
public final class DifftConverters {

    /** A wuid: a plus and digits (the plus optional, as URI decoding may have dropped it). */
    private static final Pattern WUID = Pattern.compile("\\+?\\d+");

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
     * The content of a send for a {@link ChatMessage}, without destination, sender, timestamp and attachments: a
     * {@code CARD} (random id) for markdown alone; else {@code TEXT} with {@code msg.body}, {@code msg.atPersons} (the
     * mentions whose id is a wuid, a plus and digits: ids of other platforms are only named; all are named {@code @<name>} in front of the text unless it holds an {@code @} already) and {@code msg.quote}
     * (when {@code replyToId} is a Difft refID or an id send returned). Null when there is neither text nor markdown.
     *
     * @param appId the app's appid, which a card names
     */
    public static ObjectNode toSendContent(ChatMessage chat, String appId) {
        String markdown = chat.getMarkdown();
        String text = chat.getText();
        boolean hasText = text != null && !text.isBlank();
        boolean hasMarkdown = markdown != null && !markdown.isBlank();
        List<ChatMention> mentions = chat.getMentions();
        String quoteRef = chat.getReplyToId() == null ? null : refIdOf(chat.getReplyToId());
        boolean quoting = quoteRef != null && quoteRef.startsWith("v1:");
        ObjectNode r = Json.MAPPER.createObjectNode();
        if (hasMarkdown && !hasText && mentions.isEmpty() && !quoting) {
            r.put("type", "CARD");
            ObjectNode card = r.putObject("card");
            card.put("appID", appId);
            card.put("id", UUID.randomUUID().toString().replace("-", ""));
            card.put("content", markdown);
            return r;
        }
        if (!hasText && !hasMarkdown) {
            return null;
        }
        r.put("type", "TEXT");
        ObjectNode msg = r.putObject("msg");
        String body = hasText ? text : markdown;
        if (!mentions.isEmpty()) {
            ArrayNode at = msg.putArray("atPersons");
            StringBuilder prefix = new StringBuilder();
            for (ChatMention m : mentions) {
                String id = ChatTarget.restorePlus(m.id());
                if (WUID.matcher(id).matches()) {
                    at.add(id);
                }
                prefix.append('@').append(m.name() == null ? m.id() : m.name()).append(' ');
            }
            if (at.isEmpty()) {
                msg.remove("atPersons");
            }
            body = body.contains("@") ? body : prefix + body;
        }
        msg.put("body", body);
        if (quoting) {
            msg.putObject("quote").put("refID", quoteRef).put("text",
                    chat.getQuotedText() == null ? "" : chat.getQuotedText());
        }
        return r;
    }

    /** A refID from a message id send returned ({@code refID#target}), or a refID as it is. */
    public static String refIdOf(String id) {
        String s = id.trim();
        int hash = s.indexOf('#');
        return hash >= 0 ? s.substring(0, hash) : s;
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
