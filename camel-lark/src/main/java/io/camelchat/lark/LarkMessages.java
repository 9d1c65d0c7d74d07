package io.camelchat.lark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ConversationType;
import io.camelchat.common.Json;
import io.camelchat.lark.api.LarkEvent;

/** The headers consumers set, and the normalized message, for Lark events. */
final class LarkMessages {

    private LarkMessages() {
    }

    static Map<String, Object> headers(LarkEvent e) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, LarkConstants.PLATFORM);
        h.put(ChatHeaders.EVENT_TYPE,
                e.isMessage() ? ChatHeaders.EVENT_MESSAGE : e.isCardAction() ? ChatHeaders.EVENT_CARD
                        : e.eventType());
        h.put(ChatHeaders.MESSAGE_ID, e.isMessage() ? e.messageId() : e.eventId());
        h.put(ChatHeaders.CONVERSATION_ID, e.chatId());
        if (e.isMessage()) {
            h.put(ChatHeaders.CONVERSATION_TYPE, ("p2p".equals(e.chatType()) ? ConversationType.direct
                    : ConversationType.group).name());
            long created = parseLong(Json.text(e.message(), "create_time"));
            h.put(ChatHeaders.TIMESTAMP, created > 0 ? created : e.createTime());
            h.put(LarkConstants.MESSAGE_TYPE, e.messageType());
            h.put(LarkConstants.CHAT_TYPE, e.chatType());
            h.put(LarkConstants.ROOT_ID, emptyToNull(Json.text(e.message(), "root_id")));
            h.put(LarkConstants.PARENT_ID, emptyToNull(Json.text(e.message(), "parent_id")));
            List<String> mentioned = new ArrayList<>();
            e.mentions().forEach(m -> mentioned.add(m.openId()));
            if (!mentioned.isEmpty()) {
                h.put(LarkConstants.MENTIONS, mentioned);
            }
        } else {
            h.put(ChatHeaders.TIMESTAMP, e.createTime() > 0 ? e.createTime() : null);
        }
        h.put(ChatHeaders.SENDER_ID, e.senderOpenId());
        h.put(LarkConstants.OPEN_MESSAGE_ID, e.messageId());
        h.put(LarkConstants.EVENT_ID, e.eventId());
        h.put(LarkConstants.EVENT_TYPE, e.eventType());
        h.put(LarkConstants.TENANT_KEY, e.tenantKey());
        return h;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A received message as a {@link ChatMessage}; attachments carry their key as reference. */
    static ChatMessage toChatMessage(LarkEvent e) {
        ChatMessage msg = new ChatMessage().setPlatform(LarkConstants.PLATFORM);
        if (!e.isMessage()) {
            return msg.setId(e.eventId())
                    .setText(e.isCardAction() ? Json.write(e.actionValue()) : Json.write(e.event()));
        }
        msg.setId(e.messageId())
                .setConversationId(e.chatId())
                .setConversationType("p2p".equals(e.chatType()) ? ConversationType.direct : ConversationType.group)
                .setSenderId(e.senderOpenId())
                .setTimestamp(parseLong(Json.text(e.message(), "create_time")))
                .setReplyToId(emptyToNull(Json.text(e.message(), "parent_id")));
        String text = e.plainText();
        if (!text.isEmpty()) {
            msg.setText(text);
        }
        e.mentions().forEach(m -> {
            if (m.openId() != null) {
                msg.addMention(new ChatMention(m.openId(), m.name()));
            }
        });
        JsonNode content = e.content();
        String type = e.messageType() == null ? "" : e.messageType();
        switch (type) {
            case "image" -> msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.image,
                    Json.text(content, "image_key"), "image.png").setContentType("image/png"));
            case "file" -> msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.file,
                    Json.text(content, "file_key"), Json.text(content, "file_name")));
            case "audio" -> msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.audio,
                    Json.text(content, "file_key"), "audio.opus"));
            case "media" -> msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.video,
                    Json.text(content, "file_key"), Json.text(content, "file_name") != null
                            ? Json.text(content, "file_name") : "video.mp4"));
            case "post" -> {
                JsonNode post = content.has("content") ? content : content.elements().hasNext()
                        ? content.elements().next() : content;
                if (post.hasNonNull("title") && !post.path("title").asText().isEmpty()) {
                    msg.setTitle(post.path("title").asText());
                }
                for (JsonNode paragraph : post.path("content")) {
                    for (JsonNode element : paragraph) {
                        if ("img".equals(element.path("tag").asText())) {
                            msg.addAttachment(ChatAttachment.reference(ChatAttachment.Kind.image,
                                    element.path("image_key").asText(), "image.png").setContentType("image/png"));
                        }
                    }
                }
            }
            default -> {
            }
        }
        return msg;
    }
}
