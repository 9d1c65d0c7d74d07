package io.camelchat.openim;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the producer sends a message: over HTTP ({@code /msg/send_msg}, admin token: {@link io.camelchat.openim.api.
 * OpenImHttpSender}) or over the websocket gateway (request 1003 with a MsgData, user token). The endpoint picks one
 * ({@link OpenImEndpoint#sender()}). Implementations never retry a send after it may have reached the server (OpenIM has
 * no idempotency key for sends).
 */
public interface OpenImSender {

    /**
     * One message to send.
     *
     * @param sendId           the sender (the endpoint's userId)
     * @param recvId           the receiving user (one to one), else null
     * @param groupId          the group, else null
     * @param sessionType      1 one to one, 3 group
     * @param contentType      101 text, 102 picture, ...
     * @param content          the content element as a JSON object (e.g. {"content": "hi"} for text)
     * @param senderNickname   the sender's nickname as shown, or null
     * @param senderFaceUrl    the sender's face URL, or null
     * @param senderPlatformId the platform the sender sends from
     * @param atUserIds        users mentioned (106), else empty
     * @param ex               application data, or null
     * @param onlineOnly       true: only to online users, not stored
     */
    record Outgoing(String sendId, String recvId, String groupId, int sessionType, int contentType, ObjectNode content,
            String senderNickname, String senderFaceUrl, int senderPlatformId, List<String> atUserIds, String ex,
            boolean onlineOnly) {

        /** The conversation the message goes to: si_ of the two users, or sg_ (g_ for session type 2) of the group. */
        public String conversationId() {
            if (groupId != null && !groupId.isBlank()) {
                return (sessionType == OpenImMessage.GROUP_CHAT ? "g_" : "sg_") + groupId;
            }
            return OpenImMessage.singleConversationId(sendId, recvId);
        }
    }

    /**
     * What the server answered: its message id, the clientMsgID (made by the server for HTTP sends, by the client over
     * the gateway), the send time, and the answer as JSON.
     */
    record Result(String conversationId, String serverMsgId, String clientMsgId, long sendTime, JsonNode answer) {

        /** The id recall needs: {@code <conversationId>#<clientMsgID>}. */
        public String messageId() {
            return OpenImMessage.messageId(conversationId, clientMsgId);
        }
    }

    /** Sends a message; throws {@link io.camelchat.common.ChatApiException} when the server refuses it. */
    Result send(Outgoing message);

    /**
     * Sends a message without waiting for the answer where the sender can; the default sends on the calling thread
     * and returns a completed future (a failure fails it).
     */
    default CompletableFuture<Result> sendAsync(Outgoing message) {
        try {
            return CompletableFuture.completedFuture(send(message));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
