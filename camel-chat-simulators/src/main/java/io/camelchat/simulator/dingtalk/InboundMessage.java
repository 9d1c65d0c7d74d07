package io.camelchat.simulator.dingtalk;

import java.util.Map;

import io.camelchat.simulator.common.Json;

/**
 * A robot message a simulated user sent (the {@code data} of a {@code /v1.0/im/bot/messages/get} CALLBACK frame, or
 * the body of an HTTP-mode robot callback).
 *
 * @param msgId                     {@code msgId}
 * @param msgtype                   {@code text}, {@code picture} or {@code file}
 * @param conversationId            {@code conversationId} (the group's openConversationId in groups)
 * @param conversationType          {@code "1"} (1:1) or {@code "2"} (group)
 * @param senderStaffId             sending user's id
 * @param senderNick                sending user's name
 * @param text                      text content (text messages), else {@code null}
 * @param downloadCode              {@code content.downloadCode} (picture/file), else {@code null}
 * @param sessionWebhook            reply URL
 * @param sessionWebhookExpiredTime epoch ms when the reply URL expires
 * @param createAt                  epoch ms
 * @param streamMessageId           {@code headers.messageId} of the Stream frame carrying it; {@code null} when not
 *                                  pushed over the Stream (see {@code newTextMessage})
 * @param payload                   the complete message object as sent
 */
public record InboundMessage(String msgId, String msgtype, String conversationId, String conversationType,
        String senderStaffId, String senderNick, String text, String downloadCode, String sessionWebhook,
        long sessionWebhookExpiredTime, long createAt, String streamMessageId, Map<String, Object> payload) {

    /** The payload as JSON text. */
    public String json() {
        return Json.write(payload);
    }

    /** A copy carrying the Stream frame's messageId. */
    InboundMessage withStreamMessageId(String id) {
        return new InboundMessage(msgId, msgtype, conversationId, conversationType, senderStaffId, senderNick, text,
                downloadCode, sessionWebhook, sessionWebhookExpiredTime, createAt, id, payload);
    }
}
