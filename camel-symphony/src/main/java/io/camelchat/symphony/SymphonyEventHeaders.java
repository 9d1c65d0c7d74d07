package io.camelchat.symphony;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ConversationType;
import io.camelchat.common.Json;
import io.camelchat.symphony.api.SymphonyEvent;

/**
 * The headers a datafeed event is routed with: the family's normalized ones and Symphony's own. Values an event does
 * not have are null (the consumer leaves those headers out); nothing here throws on odd payloads.
 */
final class SymphonyEventHeaders {

    private SymphonyEventHeaders() {
    }

    static Map<String, Object> of(SymphonyEvent e) {
        Map<String, Object> h = new LinkedHashMap<>(32); // up to 18 entries: no resize
        h.put(ChatHeaders.PLATFORM, SymphonyConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE,
                e.isMessage() ? ChatHeaders.EVENT_MESSAGE : e.isElementsAction() ? ChatHeaders.EVENT_CARD
                        : e.type());
        h.put(ChatHeaders.MESSAGE_ID, messageId(e));
        h.put(ChatHeaders.CONVERSATION_ID, e.streamId());
        ConversationType conversation = conversationType(e);
        h.put(ChatHeaders.CONVERSATION_TYPE, conversation == null ? null : conversation.name());
        Long sender = e.initiatorId();
        h.put(ChatHeaders.SENDER_ID, sender == null ? null : Long.toString(sender));
        h.put(ChatHeaders.SENDER_NAME, e.initiatorName());
        h.put(ChatHeaders.TIMESTAMP, e.timestamp() > 0 ? e.timestamp() : null);
        h.put(SymphonyConstants.EVENT_ID, e.id());
        h.put(SymphonyConstants.EVENT_TYPE, e.type());
        h.put(SymphonyConstants.STREAM_TYPE, e.streamType());
        h.put(SymphonyConstants.ROOM_NAME, "ROOM".equals(e.streamType()) ? e.roomName() : null);
        if (e.hasMessage()) {
            h.put(SymphonyConstants.MENTIONS, e.mentions());
            h.put(SymphonyConstants.HASHTAGS, e.hashtags());
        }
        if (e.isElementsAction()) {
            h.put(SymphonyConstants.FORM_ID, e.formId());
            Object action = e.formValues().get("action");
            h.put(SymphonyConstants.FORM_ACTION, action == null ? null : action.toString());
        }
        JsonNode affected = e.affectedUser();
        Long affectedId = SymphonyEvent.userId(affected);
        h.put(SymphonyConstants.AFFECTED_USER_ID, affectedId == null ? null : Long.toString(affectedId));
        h.put(SymphonyConstants.AFFECTED_USER_NAME, Json.text(affected, "displayName"));
        if (SymphonyEvent.USER_REQUESTED_TO_JOIN_ROOM.equals(e.type())) {
            List<String> owners = new ArrayList<>();
            for (JsonNode u : e.affectedUsers()) {
                Long id = SymphonyEvent.userId(u);
                if (id != null) {
                    owners.add(Long.toString(id));
                }
            }
            h.put(SymphonyConstants.AFFECTED_USER_IDS, owners);
        }
        return h;
    }

    /**
     * The id of the message the event is about (the message, the share, the suppressed message, the form's message,
     * else the envelope's), else the event id: the same on redelivery.
     */
    static String messageId(SymphonyEvent e) {
        String id = e.messageId();
        return id != null ? id : e.id();
    }

    /**
     * {@code group} for rooms, {@code direct} for IMs and MIMs (INSTANTMESSAGECREATED too when its stream does not
     * say); null for walls ({@code POST}), connection events and streams of unknown type.
     */
    static ConversationType conversationType(SymphonyEvent e) {
        String type = e.streamType();
        if ("ROOM".equals(type)) {
            return ConversationType.group;
        }
        if ("IM".equals(type) || "MIM".equals(type)
                || type == null && SymphonyEvent.INSTANT_MESSAGE_CREATED.equals(e.type())) {
            return ConversationType.direct;
        }
        return null;
    }
}
