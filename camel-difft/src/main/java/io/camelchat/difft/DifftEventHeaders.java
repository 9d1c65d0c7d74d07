package io.camelchat.difft;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.consumer.ChatEvent;

/** The headers of a received Difft message (the same from {@code difft:stream} and {@code difft:webhook}). */
public final class DifftEventHeaders {

    /** The event type of a {@code RECALL}. */
    public static final String EVENT_RECALL = "recall";
    /** The event type of a {@code RECEIPT} (routed only with the option receipts). */
    public static final String EVENT_RECEIPT = "receipt";

    private DifftEventHeaders() {
    }

    /** The exchange of a received message: the message as body, its headers. */
    public static ChatEvent event(DifftInboundMessage m) {
        return ChatEvent.of(m, of(m));
    }

    /** {@code recall}, {@code receipt}, else {@code message}. */
    public static String eventType(DifftInboundMessage m) {
        if (m.isRecall()) {
            return EVENT_RECALL;
        }
        if (m.isReceipt()) {
            return EVENT_RECEIPT;
        }
        return ChatHeaders.EVENT_MESSAGE;
    }

    /** The normalized and the Difft headers of a message. */
    public static Map<String, Object> of(DifftInboundMessage m) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, DifftConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE, eventType(m));
        h.put(ChatHeaders.MESSAGE_ID, m.getMessageId());
        h.put(ChatHeaders.CONVERSATION_ID, m.getConversationId());
        h.put(ChatHeaders.CONVERSATION_TYPE, m.getConversationType().name());
        h.put(ChatHeaders.SENDER_ID, m.getSender());
        putIfText(h, ChatHeaders.SENDER_NAME, m.getSenderName());
        h.put(ChatHeaders.TIMESTAMP, m.getTimestamp());
        h.put(DifftConstants.REF_ID, m.getMessageId());
        h.put(DifftConstants.MESSAGE_TYPE, m.getMessageType());
        h.put(DifftConstants.MENTIONED, m.isMentioned());
        putIfText(h, DifftConstants.GROUP_ID, m.getGroupId());
        if (!m.getAtPersons().isEmpty()) {
            h.put(DifftConstants.AT_PERSONS, m.getAtPersons());
        }
        putIfText(h, DifftConstants.TOPIC_ID, m.getTopicId());
        putIfText(h, DifftConstants.RECALLED_MESSAGE_ID, m.isRecall() ? m.getRecalledMessageId() : null);
        if (m.getSrcDevice() > 0) {
            h.put(DifftConstants.SRC_DEVICE, m.getSrcDevice());
        }
        return h;
    }

    private static void putIfText(Map<String, Object> h, String name, String value) {
        if (value != null && !value.isEmpty()) {
            h.put(name, value);
        }
    }
}
