package io.camelchat.dingtalk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ConversationType;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkEvent;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;

/** The headers consumers set, and the normalized message, for each kind of DingTalk event. */
final class DingTalkMessages {

    private DingTalkMessages() {
    }

    static Map<String, Object> headers(DingTalkRobotMessage m) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, DingTalkConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE, ChatHeaders.EVENT_MESSAGE);
        h.put(ChatHeaders.MESSAGE_ID, m.msgId());
        h.put(ChatHeaders.CONVERSATION_ID, m.conversationId());
        h.put(ChatHeaders.CONVERSATION_TYPE, (m.isGroup() ? ConversationType.group : ConversationType.direct).name());
        h.put(ChatHeaders.SENDER_ID, m.senderUserId());
        h.put(ChatHeaders.SENDER_NAME, m.senderNick());
        h.put(ChatHeaders.TIMESTAMP, m.createAt());
        h.put(DingTalkConstants.SESSION_WEBHOOK, m.sessionWebhook());
        h.put(DingTalkConstants.SESSION_WEBHOOK_EXPIRES, m.sessionWebhookExpiredTime());
        h.put(DingTalkConstants.ROBOT_CODE, m.robotCode());
        h.put(DingTalkConstants.CONVERSATION_TITLE, m.conversationTitle());
        h.put(DingTalkConstants.MESSAGE_TYPE, m.msgtype());
        h.put(DingTalkConstants.CORP_ID, m.senderCorpId());
        h.put(DingTalkConstants.IN_AT_LIST, m.isInAtList());
        if (m.atUsers() != null) {
            List<String> ids = new ArrayList<>();
            for (DingTalkRobotMessage.AtUser u : m.atUsers()) {
                ids.add(u.staffId() != null ? u.staffId() : u.dingtalkId());
            }
            h.put(DingTalkConstants.AT_USERS, ids);
        }
        return h;
    }

    static Map<String, Object> headers(DingTalkEvent e) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, DingTalkConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE, e.eventType());
        h.put(ChatHeaders.MESSAGE_ID, e.eventId());
        h.put(ChatHeaders.TIMESTAMP, e.bornTime() > 0 ? e.bornTime() : null);
        h.put(DingTalkConstants.CORP_ID, e.corpId());
        return h;
    }

    static Map<String, Object> headers(DingTalkCardCallback c, String streamMessageId) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, DingTalkConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE, ChatHeaders.EVENT_CARD);
        h.put(ChatHeaders.MESSAGE_ID, streamMessageId);
        h.put(ChatHeaders.SENDER_ID, c.userId());
        h.put(ChatHeaders.CONVERSATION_ID, c.spaceId());
        h.put(DingTalkConstants.CORP_ID, c.corpId());
        return h;
    }

    static ChatMessage toChatMessage(DingTalkRobotMessage m) {
        ChatMessage msg = new ChatMessage()
                .setPlatform(DingTalkConstants.PLATFORM)
                .setId(m.msgId())
                .setConversationId(m.conversationId())
                .setConversationType(m.isGroup() ? ConversationType.group : ConversationType.direct)
                .setConversationName(m.conversationTitle())
                .setSenderId(m.senderUserId())
                .setSenderName(m.senderNick())
                .setTimestamp(m.createAt() == null ? 0 : m.createAt());
        String text = m.plainText();
        if (!text.isEmpty()) {
            msg.setText(text);
        }
        if (m.atUsers() != null) {
            for (DingTalkRobotMessage.AtUser u : m.atUsers()) {
                String id = u.staffId() != null ? u.staffId() : u.dingtalkId();
                if (id != null && !id.equals(m.chatbotUserId())) {
                    msg.addMention(ChatMention.of(id));
                }
            }
        }
        DingTalkRobotMessage.Content c = m.content();
        if (c != null) {
            String type = m.msgtype() == null ? "" : m.msgtype();
            switch (type) {
                case "picture" ->
                    msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.image, code(c), "image.png")
                            .setContentType("image/png"));
                case "file" -> msg.addAttachment(
                        ChatAttachment.reference(ChatAttachment.Kind.file, c.downloadCode(), c.fileName()));
                case "audio" ->
                    msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.audio, c.downloadCode(), "audio"));
                case "video" -> msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.video, c.downloadCode(),
                        "video." + (c.videoType() == null ? "mp4" : c.videoType())));
                case "richText" -> {
                    if (c.richText() != null) {
                        for (DingTalkRobotMessage.RichTextItem item : c.richText()) {
                            if ("picture".equals(item.type())) {
                                String ref = item.downloadCode() != null ? item.downloadCode()
                                        : item.pictureDownloadCode();
                                msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.image, ref, "image.png")
                                        .setContentType("image/png"));
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        return msg;
    }

    private static String code(DingTalkRobotMessage.Content c) {
        return c.downloadCode() != null ? c.downloadCode() : c.pictureDownloadCode();
    }
}
