package io.camelchat.openim;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ConversationType;
import io.camelchat.common.consumer.ChatEvent;

/** The headers of a received OpenIM message (the same from the stream and the datafeed). */
public final class OpenImEventHeaders {

    /** The event type of notifications (content types 1000 and above). */
    public static final String EVENT_NOTIFICATION = "notification";

    private OpenImEventHeaders() {
    }

    /** The exchange of a received message: the message as body, its headers. */
    public static ChatEvent event(OpenImMessage m) {
        return ChatEvent.of(m, of(m));
    }

    /** The normalized and the OpenIM headers of a message. */
    public static Map<String, Object> of(OpenImMessage m) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, OpenImConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE, m.isNotification() ? EVENT_NOTIFICATION : ChatHeaders.EVENT_MESSAGE);
        h.put(ChatHeaders.MESSAGE_ID, m.getMessageId());
        h.put(ChatHeaders.CONVERSATION_ID, m.getConversationId());
        h.put(ChatHeaders.CONVERSATION_TYPE, conversationType(m).name());
        h.put(ChatHeaders.SENDER_ID, m.getSendId());
        putIfText(h, ChatHeaders.SENDER_NAME, m.getSenderNickname());
        h.put(ChatHeaders.TIMESTAMP, m.getSendTime() > 0 ? m.getSendTime() : m.getCreateTime());
        h.put(OpenImConstants.SEQ, m.getSeq());
        h.put(OpenImConstants.CONVERSATION_ID, m.getConversationId());
        h.put(OpenImConstants.CONTENT_TYPE, m.getContentType());
        h.put(OpenImConstants.SESSION_TYPE, m.getSessionType());
        putIfText(h, OpenImConstants.CLIENT_MSG_ID, m.getClientMsgId());
        putIfText(h, OpenImConstants.SERVER_MSG_ID, m.getServerMsgId());
        putIfText(h, OpenImConstants.RECV_ID, m.getRecvId());
        putIfText(h, OpenImConstants.GROUP_ID, m.getGroupId());
        h.put(OpenImConstants.SENDER_PLATFORM_ID, m.getSenderPlatformId());
        if (!m.getAtUserIdList().isEmpty()) {
            h.put(OpenImConstants.AT_USER_IDS, m.getAtUserIdList());
        }
        return h;
    }

    /** group for session types 2 and 3, direct otherwise. */
    public static ConversationType conversationType(OpenImMessage m) {
        return m.isGroup() ? ConversationType.group : ConversationType.direct;
    }

    private static void putIfText(Map<String, Object> h, String name, String value) {
        if (value != null && !value.isEmpty()) {
            h.put(name, value);
        }
    }
}
