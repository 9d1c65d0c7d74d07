package io.camelchat.dingtalk.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a send returned.
 *
 * @param messageId             the id of the (first) message sent; {@code recall} needs nothing else. Null for replies
 *                              through a session webhook, which DingTalk cannot recall.
 * @param messageIds            every message sent (the text, then one per attachment)
 * @param invalidUserIds        users DingTalk did not know (1:1 sends)
 * @param flowControlledUserIds users who did not get it because of flow control (1:1 sends)
 * @param response              DingTalk's answer to the (last) call
 */
public record DingTalkSendResult(String messageId, List<String> messageIds, List<String> invalidUserIds,
        List<String> flowControlledUserIds, JsonNode response) {
}
