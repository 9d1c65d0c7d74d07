package io.camelchat.simulator.lark;

import java.util.List;
import java.util.Map;

/**
 * A message the bot sent (send or reply), as stored by the simulator.
 *
 * @param messageId     {@code om_...}
 * @param receiveIdType {@code receive_id_type} of the send ({@code null} for replies)
 * @param receiveId     {@code receive_id} of the send ({@code null} for replies)
 * @param chatId        the chat it landed in (a p2p chat for user targets)
 * @param msgType       {@code msg_type}
 * @param content       the current content, parsed (after updates/edits; card callback answers included)
 * @param uuid          the {@code uuid} of the request, or {@code null}
 * @param rootId        reply chain root ({@code ""} for top-level messages)
 * @param parentId      replied message ({@code ""} for top-level messages)
 * @param replyInThread {@code reply_in_thread} of a reply
 * @param recalled      whether it was recalled (at snapshot time)
 * @param history       earlier contents, oldest first (each PATCH/PUT/card answer pushes the previous content here)
 * @param createTime    epoch ms
 */
public record SentMessage(String messageId, String receiveIdType, String receiveId, String chatId, String msgType,
        Map<String, Object> content, String uuid, String rootId, String parentId, boolean replyInThread,
        boolean recalled, List<Map<String, Object>> history, long createTime) {

    /** Whether this is a reply. */
    public boolean isReply() {
        return parentId != null && !parentId.isEmpty();
    }

    /** {@code content.text} of text messages, else {@code null}. */
    public String text() {
        Object t = content == null ? null : content.get("text");
        return t == null ? null : String.valueOf(t);
    }
}
