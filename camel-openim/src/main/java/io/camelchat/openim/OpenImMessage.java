package io.camelchat.openim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;
import io.camelchat.openim.proto.Sdkws;

/**
 * An OpenIM message as received ({@code MsgData} of the protocol), the body of the consumers' exchanges: from the
 * gateway's protobuf ({@link #of(Sdkws.MsgData, String)}) or the HTTP API's JSON ({@link #of(JsonNode, String)}, where
 * the content is base64), with its content read into a typed {@link OpenImContent}.
 * <p>
 * {@link #getConversationId()} is the conversation the server filed it under (the key of the pull or push map), or
 * else the one OpenIM derives from the message ({@link #conversationIdOf}). {@link #getMessageId()} is the stable id
 * of the message (conversation id and clientMsgID), the same on redelivery and the same as the id a send returns.
 */
public final class OpenImMessage {

    /** sessionType: one to one. */
    public static final int SINGLE_CHAT = 1;
    /** sessionType: group (v2 style; v3 servers use 3). */
    public static final int GROUP_CHAT = 2;
    /** sessionType: group (super group, what v3 servers use for groups). */
    public static final int SUPER_GROUP_CHAT = 3;
    /** sessionType: notification conversation. */
    public static final int NOTIFICATION_CHAT = 4;

    private String conversationId;
    private String sendId;
    private String recvId;
    private String groupId;
    private String clientMsgId;
    private String serverMsgId;
    private int senderPlatformId;
    private String senderNickname;
    private String senderFaceUrl;
    private int sessionType;
    private int msgFrom;
    private int contentType;
    private String content;
    private long seq;
    private long sendTime;
    private long createTime;
    private int status;
    private boolean read;
    private Map<String, Boolean> options = Map.of();
    private List<String> atUserIdList = List.of();
    private String attachedInfo;
    private String ex;
    private OpenImContent element;

    private OpenImMessage() {
    }

    /** The message of a gateway push or pull; {@code conversationId} the key it came under (null: derive it). */
    public static OpenImMessage of(Sdkws.MsgData m, String conversationId) {
        OpenImMessage msg = new OpenImMessage();
        msg.sendId = m.getSendID();
        msg.recvId = m.getRecvID();
        msg.groupId = m.getGroupID();
        msg.clientMsgId = m.getClientMsgID();
        msg.serverMsgId = m.getServerMsgID();
        msg.senderPlatformId = m.getSenderPlatformID();
        msg.senderNickname = m.getSenderNickname();
        msg.senderFaceUrl = m.getSenderFaceURL();
        msg.sessionType = m.getSessionType();
        msg.msgFrom = m.getMsgFrom();
        msg.contentType = m.getContentType();
        msg.content = m.getContent().toStringUtf8();
        msg.seq = m.getSeq();
        msg.sendTime = m.getSendTime();
        msg.createTime = m.getCreateTime();
        msg.status = m.getStatus();
        msg.read = m.getIsRead();
        msg.options = Collections.unmodifiableMap(new LinkedHashMap<>(m.getOptionsMap()));
        msg.atUserIdList = List.copyOf(m.getAtUserIDListList());
        msg.attachedInfo = m.getAttachedInfo();
        msg.ex = m.getEx();
        return msg.finish(conversationId);
    }

    /**
     * The message of an HTTP answer ({@code /msg/pull_msg_by_seq}): MsgData's JSON, the content base64 (a content that
     * is not base64 is taken as it is).
     */
    public static OpenImMessage of(JsonNode m, String conversationId) {
        OpenImMessage msg = new OpenImMessage();
        msg.sendId = text(m, "sendID");
        msg.recvId = text(m, "recvID");
        msg.groupId = text(m, "groupID");
        msg.clientMsgId = text(m, "clientMsgID");
        msg.serverMsgId = text(m, "serverMsgID");
        msg.senderPlatformId = m.path("senderPlatformID").asInt();
        msg.senderNickname = text(m, "senderNickname");
        msg.senderFaceUrl = text(m, "senderFaceURL");
        msg.sessionType = m.path("sessionType").asInt();
        msg.msgFrom = m.path("msgFrom").asInt();
        msg.contentType = m.path("contentType").asInt();
        msg.content = content(m.get("content"));
        msg.seq = m.path("seq").asLong();
        msg.sendTime = m.path("sendTime").asLong();
        msg.createTime = m.path("createTime").asLong();
        msg.status = m.path("status").asInt();
        msg.read = m.path("isRead").asBoolean();
        Map<String, Boolean> options = new LinkedHashMap<>();
        m.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asBoolean()));
        msg.options = Collections.unmodifiableMap(options);
        List<String> at = new ArrayList<>();
        m.path("atUserIDList").forEach(n -> at.add(n.asText()));
        msg.atUserIdList = List.copyOf(at);
        msg.attachedInfo = text(m, "attachedInfo");
        msg.ex = text(m, "ex");
        return msg.finish(conversationId);
    }

    private static String text(JsonNode m, String field) {
        String s = Json.text(m, field);
        return s == null ? "" : s;
    }

    /** Content: base64 bytes in the API's JSON; an object (as send_msg takes it) or plain text as is. */
    private static String content(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            return node.toString();
        }
        String s = node.asText();
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private OpenImMessage finish(String conversationId) {
        this.conversationId = conversationId == null || conversationId.isBlank() ? conversationIdOf(this)
                : conversationId;
        this.element = OpenImContent.of(contentType, content);
        return this;
    }

    /**
     * The conversation id OpenIM files a message under: {@code si_} and the two user ids sorted (one to one),
     * {@code g_} or {@code sg_} and the group id (groups), {@code sn_} (notification conversation), and {@code n_}
     * instead for notifications (option isNotNotification present and false).
     */
    public static String conversationIdOf(OpenImMessage m) {
        boolean notification = Boolean.FALSE.equals(m.options.get("isNotNotification"));
        return switch (m.sessionType) {
            case GROUP_CHAT -> (notification ? "n_" : "g_") + m.groupId;
            case SUPER_GROUP_CHAT -> (notification ? "n_" : "sg_") + m.groupId;
            case NOTIFICATION_CHAT -> (notification ? "n_" : "sn_") + sorted(m.sendId, m.recvId);
            default -> (notification ? "n_" : "si_") + sorted(m.sendId, m.recvId);
        };
    }

    /** The one to one conversation id of two users: {@code si_} and their ids sorted, joined by an underscore. */
    public static String singleConversationId(String userA, String userB) {
        return "si_" + sorted(userA, userB);
    }

    private static String sorted(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        return x.compareTo(y) <= 0 ? x + "_" + y : y + "_" + x;
    }

    /**
     * The stable id of a message in camel-chat: {@code <conversationId>#<clientMsgID>} (what {@code recall} needs; the
     * clientMsgID never holds a #, so the last one splits it).
     */
    public static String messageId(String conversationId, String clientMsgId) {
        return conversationId + "#" + clientMsgId;
    }

    /** The stable id of this message, {@link #messageId(String, String)}. */
    public String getMessageId() {
        return messageId(conversationId, clientMsgId);
    }

    /** True for groups (session types 2 and 3). */
    public boolean isGroup() {
        return sessionType == GROUP_CHAT || sessionType == SUPER_GROUP_CHAT;
    }

    /** True for notifications (content types 1000 to 5000). */
    public boolean isNotification() {
        return contentType >= OpenImContent.NOTIFICATION_BEGIN && contentType <= OpenImContent.NOTIFICATION_END;
    }

    /** The plain text of the content ({@link OpenImContent#text()}). */
    public String getText() {
        return element.text();
    }

    public String getConversationId() {
        return conversationId;
    }

    public String getSendId() {
        return sendId;
    }

    public String getRecvId() {
        return recvId;
    }

    public String getGroupId() {
        return groupId;
    }

    public String getClientMsgId() {
        return clientMsgId;
    }

    public String getServerMsgId() {
        return serverMsgId;
    }

    public int getSenderPlatformId() {
        return senderPlatformId;
    }

    public String getSenderNickname() {
        return senderNickname;
    }

    public String getSenderFaceUrl() {
        return senderFaceUrl;
    }

    public int getSessionType() {
        return sessionType;
    }

    public int getMsgFrom() {
        return msgFrom;
    }

    public int getContentType() {
        return contentType;
    }

    /** The content as the server holds it (JSON text, UTF-8). */
    public String getContent() {
        return content;
    }

    public long getSeq() {
        return seq;
    }

    public long getSendTime() {
        return sendTime;
    }

    public long getCreateTime() {
        return createTime;
    }

    public int getStatus() {
        return status;
    }

    public boolean isRead() {
        return read;
    }

    public Map<String, Boolean> getOptions() {
        return options;
    }

    public List<String> getAtUserIdList() {
        return atUserIdList;
    }

    public String getAttachedInfo() {
        return attachedInfo;
    }

    public String getEx() {
        return ex;
    }

    /** The typed content. */
    public OpenImContent getElement() {
        return element;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenImMessage m && Objects.equals(conversationId, m.conversationId) && seq == m.seq
                && Objects.equals(clientMsgId, m.clientMsgId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, seq, clientMsgId);
    }

    @Override
    public String toString() {
        return "OpenImMessage[" + conversationId + " seq " + seq + " from " + sendId + " type " + contentType + "]";
    }
}
