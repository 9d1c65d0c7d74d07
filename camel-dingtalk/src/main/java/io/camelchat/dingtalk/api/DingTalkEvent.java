package io.camelchat.dingtalk.api;

import java.util.Map;

/**
 * An event from DingTalk's event subscription (organization, contacts, groups, approvals, ...), delivered over
 * Stream mode (an EVENT frame) or as an encrypted HTTP callback.
 *
 * @param eventId      the event's id, the same on every redelivery
 * @param eventType    e.g. {@code user_add_org}, {@code chat_update_title}
 * @param corpId       the organization
 * @param bornTime     when the event happened, epoch ms (0 when DingTalk did not say)
 * @param unifiedAppId the app (Stream mode only)
 * @param data         the event's fields, as DingTalk sent them
 */
public record DingTalkEvent(String eventId, String eventType, String corpId, long bornTime, String unifiedAppId,
        Map<String, Object> data) {
}
