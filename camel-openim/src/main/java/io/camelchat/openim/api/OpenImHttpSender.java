package io.camelchat.openim.api;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.Json;
import io.camelchat.openim.OpenImContent;
import io.camelchat.openim.OpenImSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends over HTTP: {@code /msg/send_msg} with the admin token (the server refuses it to users with 1002). The server
 * makes the clientMsgID itself (an MD5 of the sender and the time), so a send cannot carry an idempotency key and is
 * never retried after a 5xx or a timeout, only when refused for rate limits or before the connection was made.
 * Markdown (118) and quotes (114), which v3.8 servers refuse over HTTP with ArgsError (1001) before storing anything
 * (newer servers take them), are then sent once more as text (101).
 */
public final class OpenImHttpSender implements OpenImSender {

    private static final Logger LOG = LoggerFactory.getLogger(OpenImHttpSender.class);

    private final OpenImClient client;

    public OpenImHttpSender(OpenImClient client) {
        this.client = client;
    }

    @Override
    public Result send(Outgoing m) {
        try {
            return post(m);
        } catch (ChatApiException e) {
            Outgoing text = asText(m);
            if (text == null || !"1001".equals(e.getPlatformCode())) {
                throw e;
            }
            // open-im-server v3.8's /msg/send_msg takes 101-106, 110 and 1400 only, and refuses the rest with ArgsError
            // before storing anything: markdown and quotes go as text there
            LOG.debug("OpenIM refused content type {} over HTTP ({}); sending it as text", m.contentType(),
                    e.getMessage());
            return post(text);
        }
    }

    /** {@link #send} without blocking: the same fallback to text, chained on the refusal. */
    @Override
    public CompletableFuture<Result> sendAsync(Outgoing m) {
        return postAsync(m).handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = ChatAsync.unwrap(error);
            Outgoing text = asText(m);
            if (text == null || !(cause instanceof ChatApiException e) || !"1001".equals(e.getPlatformCode())) {
                return CompletableFuture.<Result>failedFuture(cause);
            }
            LOG.debug("OpenIM refused content type {} over HTTP ({}); sending it as text", m.contentType(),
                    e.getMessage());
            return postAsync(text);
        }).thenCompose(Function.identity());
    }

    /**
     * The text (101) a markdown (118) or a quote (114) falls back to: the markdown source; the quoted text as a
     * quotation line, then the reply. Null for other content types.
     */
    static Outgoing asText(Outgoing m) {
        String text;
        if (m.contentType() == OpenImContent.MARKDOWN) {
            text = Json.text(m.content(), "content");
        } else if (m.contentType() == OpenImContent.QUOTE) {
            JsonNode quoted = m.content().path("quoteMessage");
            String q = quoted.path("textElem").path("content").asText("");
            text = (q.isEmpty() ? "" : "> " + q.replace("\n", "\n> ") + "\n") + Json.text(m.content(), "text");
        } else {
            return null;
        }
        return new Outgoing(m.sendId(), m.recvId(), m.groupId(), m.sessionType(), OpenImContent.TEXT,
                Json.MAPPER.createObjectNode().put("content", text == null ? "" : text), m.senderNickname(),
                m.senderFaceUrl(), m.senderPlatformId(), m.atUserIds(), m.ex(), m.onlineOnly());
    }

    private Result post(Outgoing m) {
        JsonNode answer = client.sendMsg(body(m));
        return result(m, answer);
    }

    private CompletableFuture<Result> postAsync(Outgoing m) {
        try {
            return client.sendMsgAsync(body(m)).thenApply(answer -> result(m, answer));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Result result(Outgoing m, JsonNode answer) {
        return new Result(m.conversationId(), Json.text(answer, "serverMsgID"), Json.text(answer, "clientMsgID"),
                answer.path("sendTime").asLong(), answer);
    }

    private static ObjectNode body(Outgoing m) {
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
        return body;
    }
}
