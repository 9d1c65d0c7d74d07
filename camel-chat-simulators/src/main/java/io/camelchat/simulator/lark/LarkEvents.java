package io.camelchat.simulator.lark;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.camelchat.simulator.common.Json;

/**
 * Builds the events simulated users cause, as Lark shows them (schema 2.0 envelopes with the verification token):
 * messages to the bot (stored in the {@link LarkState}, files registered for download), card actions (with a fresh
 * card update token), the legacy card callback body, and any other event type.
 */
final class LarkEvents {

    private final LarkSettings settings;
    private final LarkState state;

    LarkEvents(LarkSettings settings, LarkState state) {
        this.settings = settings;
        this.state = state;
    }

    static String newEventId() {
        return HexFormat.of().formatHex(LarkErrors.randomBytes(16));
    }

    static String newMessageId() {
        return "om_" + HexFormat.of().formatHex(LarkErrors.randomBytes(16));
    }

    /** A text message event. */
    InboundEvent text(String openId, String chatIdOrNull, String text) {
        return message(openId, chatIdOrNull, "text", textContent(text), null, text, null);
    }

    /** A text message event with the bot @-mentioned first. */
    InboundEvent mentionsBot(String openId, String chatIdOrNull, String text) {
        Map<String, Object> mention = new LinkedHashMap<>();
        mention.put("key", "@_user_1");
        mention.put("id", idMap(settings.botUnionId(), "", settings.botOpenId()));
        mention.put("name", settings.botName());
        mention.put("tenant_key", settings.tenantKey());
        return message(openId, chatIdOrNull, "text", textContent("@_user_1 " + text), List.of(mention),
                "@_user_1 " + text, null);
    }

    /** An image message event; the image is downloadable through the message-resource API. */
    InboundEvent image(String openId, String chatIdOrNull, byte[] png) {
        String key = "img_v2_" + UUID.randomUUID();
        state.addResource(new LarkState.Blob(key, "image", png.clone(), key + ".png", "image/png"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("image_key", key);
        return message(openId, chatIdOrNull, "image", content, null, null, key);
    }

    /** A file message event; the file is downloadable through the message-resource API. */
    InboundEvent file(String openId, String chatIdOrNull, String fileName, byte[] bytes) {
        String key = "file_v2_" + UUID.randomUUID();
        state.addResource(new LarkState.Blob(key, "file", bytes.clone(), fileName, "application/octet-stream"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("file_key", key);
        content.put("file_name", fileName);
        return message(openId, chatIdOrNull, "file", content, null, null, key);
    }

    /** A {@code card.action.trigger} event on the card message {@code messageId}, registering its update token. */
    InboundEvent cardAction(String openId, String messageId, Map<String, Object> actionValue) {
        LarkUser u = user(openId);
        LarkState.StoredMessage m = state.message(messageId);
        if (m == null) {
            throw new IllegalArgumentException("unknown message " + messageId);
        }
        String token = "c-" + HexFormat.of().formatHex(LarkErrors.randomBytes(20));
        state.registerCardToken(token, messageId);
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("tenant_key", settings.tenantKey());
        operator.put("user_id", u.userId());
        operator.put("open_id", u.openId());
        operator.put("union_id", u.unionId());
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("value", actionValue == null ? Map.of() : actionValue);
        action.put("tag", "button");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("open_message_id", messageId);
        context.put("open_chat_id", m.chatId);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("operator", operator);
        ev.put("token", token);
        ev.put("action", action);
        ev.put("host", "im_message");
        ev.put("context", context);
        Map<String, Object> env = envelope(newEventId(), "card.action.trigger", ev);
        return new InboundEvent(eventIdOf(env), "card.action.trigger", messageId, m.chatId, null, openId, null, null,
                token, null, env);
    }

    /** The legacy card callback body of a card action event. */
    @SuppressWarnings("unchecked")
    Map<String, Object> legacyCardBody(InboundEvent e) {
        Map<String, Object> ev = e.event();
        Map<String, Object> op = (Map<String, Object>) ev.get("operator");
        Map<String, Object> ctx = (Map<String, Object>) ev.get("context");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open_id", op.get("open_id"));
        body.put("user_id", op.get("user_id"));
        body.put("open_message_id", ctx.get("open_message_id"));
        body.put("open_chat_id", ctx.get("open_chat_id"));
        body.put("tenant_key", settings.tenantKey());
        body.put("token", e.cardToken());
        body.put("action", ev.get("action"));
        return body;
    }

    /** The schema 2.0 envelope around an event. */
    Map<String, Object> envelope(String eventId, String eventType, Map<String, Object> event) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event_id", eventId);
        header.put("event_type", eventType);
        header.put("create_time", String.valueOf(System.currentTimeMillis()));
        header.put("token", settings.verificationToken() == null ? "" : settings.verificationToken());
        header.put("app_id", settings.appId());
        header.put("tenant_key", settings.tenantKey());
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("schema", "2.0");
        env.put("header", header);
        env.put("event", event);
        return env;
    }

    @SuppressWarnings("unchecked")
    static String eventIdOf(Map<String, Object> env) {
        return (String) ((Map<String, Object>) env.get("header")).get("event_id");
    }

    private LarkUser user(String openId) {
        LarkUser u = state.user(openId);
        if (u == null) {
            throw new IllegalArgumentException("unknown user " + openId + " (addUser first)");
        }
        return u;
    }

    private static Map<String, Object> textContent(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        return m;
    }

    private static Map<String, Object> idMap(String unionId, String userId, String openId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("union_id", unionId);
        m.put("user_id", userId);
        m.put("open_id", openId);
        return m;
    }

    private InboundEvent message(String openId, String chatIdOrNull, String msgType, Map<String, Object> content,
                                 List<Map<String, Object>> mentions, String text, String resourceKey) {
        LarkUser u = user(openId);
        String chatId;
        String chatType;
        if (chatIdOrNull == null) {
            chatId = state.p2pChatId(openId);
            chatType = "p2p";
        } else {
            if (state.chat(chatIdOrNull) == null) {
                throw new IllegalArgumentException("unknown chat " + chatIdOrNull + " (addChat first)");
            }
            chatId = chatIdOrNull;
            chatType = "group";
        }
        String messageId = newMessageId();
        LarkState.StoredMessage msg = new LarkState.StoredMessage(messageId, chatId, chatType, msgType, content, false,
                openId, "", "", "", false, null, null, null);
        state.addMessage(msg);
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("sender_id", idMap(u.unionId(), u.userId(), u.openId()));
        sender.put("sender_type", "user");
        sender.put("tenant_key", settings.tenantKey());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("root_id", "");
        message.put("parent_id", "");
        message.put("create_time", String.valueOf(msg.createTime));
        message.put("update_time", String.valueOf(msg.createTime));
        message.put("chat_id", chatId);
        message.put("thread_id", "");
        message.put("chat_type", chatType);
        message.put("message_type", msgType);
        message.put("content", Json.write(content));
        if (mentions != null && !mentions.isEmpty()) {
            message.put("mentions", mentions);
        }
        message.put("user_agent", "Mozilla/5.0 (camel-chat simulator) Lark/7.0");
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("sender", sender);
        ev.put("message", message);
        Map<String, Object> env = envelope(newEventId(), "im.message.receive_v1", ev);
        return new InboundEvent(eventIdOf(env), "im.message.receive_v1", messageId, chatId, chatType, openId, text,
                resourceKey, null, null, env);
    }
}
