package io.camelchat.simulator.dingtalk;

import java.util.List;
import java.util.Map;

/**
 * Something the bot sent.
 *
 * @param channel         how it was sent
 * @param targets         OTO: the valid receiving user ids; GROUP: the openConversationId; SESSION_WEBHOOK: the session id
 * @param conversationId  GROUP and SESSION_WEBHOOK: the conversation it landed in; OTO: {@code null}
 * @param msgKey          OpenAPI {@code msgKey}, or the session webhook body's {@code msgtype}
 * @param content         OpenAPI: the parsed {@code msgParam}; session webhook: the object under the msgtype key
 * @param processQueryKey OpenAPI {@code processQueryKey}; {@code null} for session webhook replies
 * @param recalled        whether it was recalled (at the time of the snapshot)
 * @param atUserIds       session webhook: {@code at.atUserIds}; OpenAPI: user ids written as {@code @userId} in the text
 * @param body            the whole parsed request body
 * @param sentAt          epoch ms
 */
public record SentMessage(Channel channel, List<String> targets, String conversationId, String msgKey,
        Map<String, Object> content, String processQueryKey, boolean recalled, List<String> atUserIds,
        Map<String, Object> body, long sentAt) {

    /** The way a message reached DingTalk. */
    public enum Channel {
        /** {@code /v1.0/robot/oToMessages/batchSend} */
        OTO,
        /** {@code /v1.0/robot/groupMessages/send} */
        GROUP,
        /** {@code /robot/sendBySession} */
        SESSION_WEBHOOK
    }

    /** Convenience: the main text ({@code content} of text messages, {@code text} of the others), or {@code null}. */
    public String text() {
        Object v = content == null ? null : content.get("content");
        if (v == null && content != null) {
            v = content.get("text");
        }
        return v == null ? null : String.valueOf(v);
    }
}
