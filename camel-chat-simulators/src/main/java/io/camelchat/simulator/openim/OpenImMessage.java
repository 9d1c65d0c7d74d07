package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;

/**
 * A message the simulator stored (or pushed only, when its {@code history} option is false: then {@code seq} is 0).
 *
 * @param conversationId the conversation (si_, sg_, sn_ or n_ id)
 * @param data           the message as the server filled it (serverMsgID, sendTime, seq, status 2)
 * @param revokedBy      who revoked it, or {@code null}
 */
public record OpenImMessage(String conversationId, MsgData data, String revokedBy) {

    public long seq() {
        return data.getSeq();
    }

    public String serverMsgId() {
        return data.getServerMsgID();
    }

    public String clientMsgId() {
        return data.getClientMsgID();
    }

    public String sendId() {
        return data.getSendID();
    }

    public String recvId() {
        return data.getRecvID();
    }

    public String groupId() {
        return data.getGroupID();
    }

    public int sessionType() {
        return data.getSessionType();
    }

    public int contentType() {
        return data.getContentType();
    }

    public long sendTime() {
        return data.getSendTime();
    }

    /** The content bytes as UTF-8 (the element JSON). */
    public String content() {
        return data.getContent().toString(StandardCharsets.UTF_8);
    }

    /** The {@code content} key of a text (101) or markdown (118) content, else {@code null}. */
    public String text() {
        Map<String, Object> m = Json.tryParseObject(content());
        return m != null && m.get("content") instanceof String s ? s : null;
    }

    public boolean revoked() {
        return revokedBy != null;
    }

    OpenImMessage revoke(String by) {
        return new OpenImMessage(conversationId, data, by);
    }
}
