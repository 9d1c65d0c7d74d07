package io.camelchat.symphony;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ConversationType;
import io.camelchat.common.Json;
import io.camelchat.symphony.api.SymphonyEvent;

/** The headers a datafeed event is routed with: the family's normalized ones and Symphony's own. */
final class SymphonyEventHeaders {

    private SymphonyEventHeaders() {
    }

    static Map<String, Object> of(SymphonyEvent e) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, SymphonyConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE, e.isMessage() ? ChatHeaders.EVENT_MESSAGE : e.isElementsAction() ? ChatHeaders.EVENT_CARD
                : e.type());
        h.put(ChatHeaders.MESSAGE_ID, e.isMessage() && e.messageId() != null ? e.messageId() : e.id());
        h.put(ChatHeaders.CONVERSATION_ID, e.streamId());
        String type = e.streamType();
        if (type != null) {
            h.put(ChatHeaders.CONVERSATION_TYPE, ("ROOM".equals(type) ? ConversationType.group : ConversationType.direct).name());
        }
        h.put(ChatHeaders.SENDER_ID, e.initiatorId() == null ? null : Long.toString(e.initiatorId()));
        h.put(ChatHeaders.SENDER_NAME, Json.text(e.initiator(), "displayName"));
        h.put(ChatHeaders.TIMESTAMP, e.timestamp() > 0 ? e.timestamp() : null);
        h.put(SymphonyConstants.EVENT_ID, e.id());
        h.put(SymphonyConstants.EVENT_TYPE, e.type());
        h.put(SymphonyConstants.STREAM_TYPE, type);
        if (e.isMessage()) {
            h.put(SymphonyConstants.MENTIONS, e.mentions());
        }
        if (e.isElementsAction()) {
            h.put(SymphonyConstants.FORM_ID, e.formId());
            Object action = e.formValues().get("action");
            h.put(SymphonyConstants.FORM_ACTION, action == null ? null : action.toString());
        }
        return h;
    }
}
