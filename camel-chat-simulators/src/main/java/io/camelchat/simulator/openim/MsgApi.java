package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.camelchat.simulator.openim.proto.SimSdkws.OfflinePushInfo;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMsgs;

/**
 * {@code /msg/*} of the HTTP API (open-im-server v3.8.3 {@code internal/api/msg.go}, {@code internal/rpc/msg/*}).
 */
final class MsgApi {

    /** Go's json.Marshal of a map: keys sorted. */
    private static final ObjectMapper SORTED = Json.MAPPER.copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    static final int OA_NOTIFICATION = 1400;

    private final OpenImSimulator sim;

    MsgApi(OpenImSimulator sim) {
        this.sim = sim;
    }

    void register(OpenImHttp http) {
        http.post("/msg/newest_seq", false, this::newestSeq);
        http.post("/msg/pull_msg_by_seq", false, this::pull);
        http.post("/msg/send_msg", false, this::send);
        http.post("/msg/revoke_msg", false, this::revoke);
        http.post("/msg/get_server_time", false, c -> Map.of("serverTime", System.currentTimeMillis()));
    }

    private Object newestSeq(OpenImHttp.Call c) {
        String userId = c.string("userID");
        c.requireSelfOrAdmin(userId);
        // v3.8.3 fills only maxSeqs; the protocol's JSON tags have no omitempty, so minSeqs is null
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("maxSeqs", sim.state().maxSeqs(userId));
        d.put("minSeqs", null);
        return d;
    }

    private Object pull(OpenImHttp.Call c) {
        String userId = c.string("userID");
        c.requireSelfOrAdmin(userId);
        boolean desc = c.number("order") == 1;
        Object ranges = c.body().get("seqRanges");
        if (ranges != null && !(ranges instanceof List)) {
            throw ImError.args("json: cannot unmarshal into field seqRanges of type []*sdkws.SeqRange");
        }
        Map<String, Object> msgs = new LinkedHashMap<>();
        Map<String, Object> notifications = new LinkedHashMap<>();
        for (Object o : ranges == null ? List.of() : (List<?>) ranges) {
            if (!(o instanceof Map<?, ?> r) || !(r.get("conversationID") instanceof String conv)) {
                throw ImError.args("seqRanges entries need a conversationID");
            }
            long begin = r.get("begin") instanceof Number n ? n.longValue() : 0;
            long end = r.get("end") instanceof Number n ? n.longValue() : 0;
            long num = r.get("num") instanceof Number n ? n.longValue() : 0;
            PullMsgs p = sim.state().pull(userId, conv, begin, end, num, desc);
            if (p != null) {
                (OpenImState.isNotificationConversation(conv) ? notifications : msgs).put(conv, pullJson(p));
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("msgs", msgs);
        d.put("notificationMsgs", notifications);
        return d;
    }

    static Map<String, Object> pullJson(PullMsgs p) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("Msgs", p.getMsgsList().stream().map(OpenImHttp::msgJson).toList());
        j.put("isEnd", p.getIsEnd());
        j.put("endSeq", p.getEndSeq());
        return j;
    }

    private Object send(OpenImHttp.Call c) {
        String sendId = c.string("sendID");
        String recvId = c.string("recvID");
        String groupId = c.string("groupID");
        int contentType = (int) c.number("contentType");
        int sessionType = (int) c.number("sessionType");
        Map<String, Object> content = c.object("content");
        if (sendId.isEmpty()) {
            throw ImError.args(required("SendMsgReq.SendMsg.SendID"));
        }
        if (content == null) {
            throw ImError.args(required("SendMsgReq.SendMsg.Content"));
        }
        if (contentType == 0 || sessionType == 0) {
            throw ImError.args("contentType and sessionType are required");
        }
        if ((sessionType == OpenImState.WRITE_GROUP || sessionType == OpenImState.READ_GROUP) && groupId.isEmpty()) {
            throw ImError.args("groupID is required for sessionType " + sessionType);
        }
        if ((sessionType == OpenImState.SINGLE || sessionType == OpenImState.NOTIFICATION) && recvId.isEmpty()) {
            throw ImError.args("recvID is required if sessionType is SingleChatType or NotificationChatType");
        }
        c.requireAdmin();
        if (!sim.settings().httpSendContentTypes().contains(contentType)) {
            throw ImError.args("unsupported content type " + contentType);
        }
        if (contentType == 101 && !(content.get("content") instanceof String s && !s.isEmpty())) {
            throw ImError.args("validation error: " + required("TextElem.Content"));
        }
        String contentJson = goJson(content);
        if (contentType == OA_NOTIFICATION) {
            sessionType = OpenImState.NOTIFICATION;
            contentJson = goJson(Map.of("detail", contentJson));
        }
        MsgData.Builder b = MsgData.newBuilder()
                .setSendID(sendId).setRecvID(recvId).setGroupID(groupId)
                .setClientMsgID(OpenImState.md5("http-" + System.nanoTime() + "-" + sendId))
                .setSenderPlatformID((int) c.number("senderPlatformID"))
                .setSenderNickname(c.string("senderNickname")).setSenderFaceURL(c.string("senderFaceURL"))
                .setSessionType(sessionType).setMsgFrom(OpenImState.MSG_FROM_SYSTEM).setContentType(contentType)
                .setContent(ByteString.copyFrom(contentJson, StandardCharsets.UTF_8))
                .setCreateTime(System.currentTimeMillis()).setSendTime(c.number("sendTime")).setEx(c.string("ex"));
        if (c.bool("isOnlineOnly")) {
            for (String k : List.of("history", "persistent", "senderSync", "conversationUpdate",
                    "senderConversationUpdate", "unreadCount", "offlinePush")) {
                b.putOptions(k, false);
            }
        }
        if (c.bool("notOfflinePush")) {
            b.putOptions("offlinePush", false);
        }
        Map<String, Object> push = c.object("offlinePushInfo");
        if (push != null) {
            b.setOfflinePushInfo(OfflinePushInfo.newBuilder()
                    .setTitle(str(push.get("title"))).setDesc(str(push.get("desc"))).setEx(str(push.get("ex")))
                    .setIOSPushSound(str(push.get("iOSPushSound")))
                    .setIOSBadgeCount(Boolean.TRUE.equals(push.get("iOSBadgeCount"))));
        }
        OpenImMessage m = sim.deliver(b.build(), null);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serverMsgID", m.serverMsgId());
        d.put("clientMsgID", m.clientMsgId());
        d.put("sendTime", m.sendTime());
        return d;
    }

    private Object revoke(OpenImHttp.Call c) {
        String userId = c.string("userID");
        String conv = c.string("conversationID");
        long seq = c.number("seq");
        if (userId.isEmpty()) {
            throw ImError.args("user_id is empty");
        }
        if (conv.isEmpty()) {
            throw ImError.args("conversation_id is empty");
        }
        if (seq < 0) {
            throw ImError.args("seq is invalid");
        }
        c.requireSelfOrAdmin(userId);
        sim.revoke(userId, conv, seq, c.callerId(), c.admin());
        return Map.of();
    }

    /** The go-playground validator's message for a missing required field. */
    private static String required(String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        return "Key: '" + path + "' Error:Field validation for '" + field + "' failed on the 'required' tag";
    }

    /** Go's json.Marshal: map keys sorted, {@code <>&} escaped. */
    static String goJson(Object o) {
        try {
            return SORTED.writeValueAsString(o).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw ImError.args("content: " + e.getMessage());
        }
    }

    private static String str(Object o) {
        return o instanceof String s ? s : "";
    }
}
