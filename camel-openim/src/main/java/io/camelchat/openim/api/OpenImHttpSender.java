package io.camelchat.openim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Json;
import io.camelchat.openim.OpenImContent;
import io.camelchat.openim.OpenImSender;

/**
 * Sends over HTTP: {@code /msg/send_msg} with the admin token (the server refuses it to users with 1002). The server
 * makes the clientMsgID itself (an MD5 of the sender and the time), so a send cannot carry an idempotency key and is
 * never retried after a 5xx or a timeout, only when refused for rate limits or before the connection was made.
 */
public final class OpenImHttpSender implements OpenImSender {

    private final OpenImClient client;

    public OpenImHttpSender(OpenImClient client) {
        this.client = client;
    }

    @Override
    public Result send(Outgoing m) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("sendID", m.sendId());
        body.put("recvID", m.recvId() == null ? "" : m.recvId());
        body.put("groupID", m.groupId() == null ? "" : m.groupId());
        body.put("senderNickname", m.senderNickname() == null ? "" : m.senderNickname());
        body.put("senderFaceURL", m.senderFaceUrl() == null ? "" : m.senderFaceUrl());
        body.put("senderPlatformID", m.senderPlatformId());
        ObjectNode content = m.content().deepCopy();
        if (m.contentType() == OpenImContent.AT_TEXT && !content.has("atUserList")) {
            ArrayNode at = content.putArray("atUserList");
            m.atUserIds().forEach(at::add);
        }
        body.set("content", content);
        body.put("contentType", m.contentType());
        body.put("sessionType", m.sessionType());
        body.put("isOnlineOnly", m.onlineOnly());
        body.put("notOfflinePush", false);
        body.put("sendTime", 0);
        if (m.ex() != null) {
            body.put("ex", m.ex());
        }
        JsonNode answer = client.sendMsg(body);
        return new Result(m.conversationId(), Json.text(answer, "serverMsgID"), Json.text(answer, "clientMsgID"),
                answer.path("sendTime").asLong(), answer);
    }
}
