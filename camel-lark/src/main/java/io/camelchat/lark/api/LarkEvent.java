package io.camelchat.lark.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.camelchat.common.Json;

/**
 * An event from Lark (long connection or HTTP callback), schema 2.0 or the older 1.0, unwrapped and verified.
 *
 * @param schema     {@code 2.0}, or {@code 1.0} for the older shape
 * @param eventId    {@code header.event_id} (1.0: {@code uuid}); the same on redelivery
 * @param eventType  {@code header.event_type} (1.0: {@code event.type}), e.g. {@code im.message.receive_v1}
 * @param createTime epoch ms (0 when Lark did not say)
 * @param appId      the app the event is for
 * @param tenantKey  the tenant it happened in
 * @param event      the event object itself ({@code event} of the envelope)
 */
public record LarkEvent(String schema, String eventId, String eventType, long createTime, String appId,
        String tenantKey,
        JsonNode event) {

    /** Event type of a received message. */
    public static final String MESSAGE_RECEIVE = "im.message.receive_v1";
    /** Event type of a card action (new-style card callback). */
    public static final String CARD_ACTION = "card.action.trigger";

    /**
     * Reads an envelope (already decrypted). The verification token is returned separately by {@link #token(JsonNode)}.
     *
     * @throws IllegalArgumentException when it is not a Lark event
     */
    public static LarkEvent parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("event is not a JSON object");
        }
        JsonNode header = root.get("header");
        if (header != null && header.isObject()) {
            String id = Json.text(header, "event_id");
            String type = Json.text(header, "event_type");
            if (id == null || type == null) {
                throw new IllegalArgumentException("event header has no event_id or event_type");
            }
            return new LarkEvent(root.path("schema").asText("2.0"), id, type,
                    parseLong(Json.text(header, "create_time")),
                    Json.text(header, "app_id"), Json.text(header, "tenant_key"), root.path("event"));
        }
        JsonNode event = root.get("event");
        String uuid = Json.text(root, "uuid");
        if (event == null || !event.isObject() || uuid == null) {
            throw new IllegalArgumentException("neither a 2.0 nor a 1.0 event");
        }
        long ts = 0;
        String tsText = Json.text(root, "ts");
        if (tsText != null) {
            try {
                ts = (long) (Double.parseDouble(tsText) * 1000);
            } catch (NumberFormatException ignored) {
                // no time
            }
        }
        return new LarkEvent("1.0", uuid, Json.text(event, "type"), ts, Json.text(event, "app_id"),
                Json.text(event, "tenant_key"), event);
    }

    /** The verification token an envelope carries ({@code header.token} or {@code token}). */
    public static String token(JsonNode root) {
        JsonNode header = root.get("header");
        return header != null && header.isObject() ? Json.text(header, "token") : Json.text(root, "token");
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean isMessage() {
        return MESSAGE_RECEIVE.equals(eventType);
    }

    public boolean isCardAction() {
        return CARD_ACTION.equals(eventType);
    }

    /** {@code event.message} of a received message, else a missing node. */
    public JsonNode message() {
        return isMessage() ? event.path("message") : MissingNode.getInstance();
    }

    public String messageId() {
        return isMessage() ? Json.text(message(), "message_id")
                : isCardAction() ? Json.text(event.path("context"), "open_message_id") : null;
    }

    public String chatId() {
        return isMessage() ? Json.text(message(), "chat_id")
                : isCardAction() ? Json.text(event.path("context"), "open_chat_id") : null;
    }

    /** {@code p2p} or {@code group} for messages; null otherwise. */
    public String chatType() {
        return Json.text(message(), "chat_type");
    }

    public String messageType() {
        return Json.text(message(), "message_type");
    }

    /** The open_id of the sender (of a message) or operator (of a card action). */
    public String senderOpenId() {
        if (isMessage()) {
            return Json.text(event.path("sender").path("sender_id"), "open_id");
        }
        if (isCardAction()) {
            return Json.text(event.path("operator"), "open_id");
        }
        return null;
    }

    /** The message's content object (its {@code content} JSON string, parsed); a missing node otherwise. */
    public JsonNode content() {
        String content = Json.text(message(), "content");
        if (content == null || content.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.read(content);
        } catch (IllegalArgumentException e) {
            return MissingNode.getInstance();
        }
    }

    /** The mentions of a message: key ({@code @_user_1}), open_id and name. */
    public List<Mention> mentions() {
        List<Mention> out = new ArrayList<>();
        for (JsonNode m : message().path("mentions")) {
            out.add(new Mention(Json.text(m, "key"), Json.text(m.path("id"), "open_id"), Json.text(m, "name")));
        }
        return out;
    }

    /** A mention in a received message. */
    public record Mention(String key, String openId, String name) {
    }

    /**
     * The readable text: a text message's text with mention placeholders replaced by {@code @name}; the texts of a
     * post; empty otherwise.
     */
    public String plainText() {
        JsonNode content = content();
        String type = messageType() == null ? "" : messageType();
        String text;
        if ("text".equals(type)) {
            text = content.path("text").asText("");
        } else if ("post".equals(type)) {
            StringBuilder sb = new StringBuilder();
            JsonNode post = content.has("content") ? content : content.elements().hasNext() ? content.elements().next()
                    : content;
            if (post.hasNonNull("title") && !post.path("title").asText().isEmpty()) {
                sb.append(post.path("title").asText()).append('\n');
            }
            for (JsonNode paragraph : post.path("content")) {
                for (JsonNode element : paragraph) {
                    if (element.has("text")) {
                        sb.append(element.path("text").asText());
                    } else if ("at".equals(element.path("tag").asText())) {
                        sb.append('@').append(element.path("user_name").asText(element.path("user_id").asText()));
                    }
                }
                sb.append('\n');
            }
            text = sb.toString().strip();
        } else {
            return "";
        }
        List<Mention> byKeyLength = new ArrayList<>(mentions());
        byKeyLength.sort((a, b) -> Integer.compare(b.key() == null ? 0 : b.key().length(),
                a.key() == null ? 0 : a.key().length()));
        for (Mention m : byKeyLength) {
            if (m.key() != null) {
                text = text.replace(m.key(), "@" + (m.name() != null ? m.name() : m.openId()));
            }
        }
        return text.strip();
    }

    /** A card action's {@code action.value}; a missing node otherwise. */
    public JsonNode actionValue() {
        return isCardAction() ? event.path("action").path("value") : MissingNode.getInstance();
    }
}
