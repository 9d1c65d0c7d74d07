package io.camelchat.simulator.lark;

import java.util.Map;

import io.camelchat.simulator.common.Json;

/**
 * An event the simulator produced for the app (a user's message, a card click, any other event).
 *
 * @param eventId        {@code header.event_id} (schema 2.0) / {@code uuid} (schema 1.0)
 * @param eventType      {@code header.event_type}
 * @param messageId      the user's message id ({@code om_...}); card actions: the card's message id; else {@code null}
 * @param chatId         {@code oc_...} chat id, or {@code null}
 * @param chatType       {@code p2p} or {@code group} for messages, else {@code null}
 * @param openId         sender / operator open id, or {@code null}
 * @param text           text of text messages (with {@code @_user_N} placeholders), else {@code null}
 * @param resourceKey    {@code image_key} of image messages, {@code file_key} of file messages, else {@code null}
 * @param cardToken      card actions: the {@code c-...} update token, else {@code null}
 * @param frameMessageId header {@code message_id} of the long-connection data frame(s) carrying it; {@code null} when
 *                       the event was built but not pushed
 * @param envelope       the whole schema 2.0 envelope ({@code schema}, {@code header} incl. token, {@code event})
 */
public record InboundEvent(String eventId, String eventType, String messageId, String chatId, String chatType,
        String openId, String text, String resourceKey, String cardToken, String frameMessageId,
        Map<String, Object> envelope) {

    /** The envelope as JSON text. */
    public String json() {
        return Json.write(envelope);
    }

    /** The {@code event} object of the envelope. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> event() {
        return (Map<String, Object>) envelope.get("event");
    }

    InboundEvent withFrameMessageId(String id) {
        return new InboundEvent(eventId, eventType, messageId, chatId, chatType, openId, text, resourceKey, cardToken,
                id, envelope);
    }
}
