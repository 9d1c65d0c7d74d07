package io.camelchat.symphony.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.symphony.auth.SymphonyAuth;

/**
 * Symphony's pod and agent APIs, one method per call the component makes. Every call carries the session token (and
 * on the agent the key-manager token); a call refused with 401 is made once more after authenticating again.
 */
public final class SymphonyClient implements AutoCloseable {

    /** The agent holds a datafeed read up to about 30 s: wait well beyond that. */
    static final Duration LONG_POLL = Duration.ofSeconds(65);

    private final String podUrl;
    private final String agentUrl;
    private final ChatHttpClient http;
    private final SymphonyAuth auth;

    public SymphonyClient(String podUrl, String agentUrl, ChatHttpClient http, SymphonyAuth auth) {
        this.podUrl = podUrl;
        this.agentUrl = agentUrl;
        this.http = http;
        this.auth = auth;
    }

    public SymphonyAuth auth() {
        return auth;
    }

    private ChatHttpResponse pod(ChatHttpRequest request) {
        return auth.call(t -> http.execute(request.header("sessionToken", t.session())));
    }

    private CompletableFuture<ChatHttpResponse> podAsync(ChatHttpRequest request) {
        return auth.callAsync(t -> http.executeAsync(request.header("sessionToken", t.session())));
    }

    private ChatHttpResponse agent(ChatHttpRequest request) {
        return auth.call(t -> http
                .execute(request.header("sessionToken", t.session()).header("keyManagerToken", t.keyManager())));
    }

    private CompletableFuture<ChatHttpResponse> agentAsync(ChatHttpRequest request) {
        return auth.callAsync(t -> http.executeAsync(
                request.header("sessionToken", t.session()).header("keyManagerToken", t.keyManager())));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ pod

    /** The bot itself ({@code id}, {@code username}, ...). */
    public JsonNode sessionInfo() {
        return pod(ChatHttpRequest.get(podUrl + "/pod/v2/sessioninfo")).json();
    }

    /**
     * Users by one selector ({@code uid}, {@code email} or {@code username}), asynchronously; empty when none is
     * found.
     */
    public CompletableFuture<List<JsonNode>> users(String selector, String value) {
        String local = "username".equals(selector) ? "&local=true" : "";
        return podAsync(ChatHttpRequest.get(podUrl + "/pod/v3/users?" + selector + "=" + enc(value) + local))
                .thenApply(r -> {
                    List<JsonNode> users = new ArrayList<>();
                    if (r.status() != 204) {
                        r.json().path("users").forEach(users::add);
                    }
                    return users;
                });
    }

    /** The one user found by a selector, asynchronously. */
    public CompletableFuture<JsonNode> user(String selector, String value) {
        return users(selector, value).thenApply(found -> {
            if (found.isEmpty()) {
                throw new ChatNotFoundException(SymphonyErrors.PLATFORM, "GET /pod/v3/users", 200, null,
                        "no user with that " + selector, null);
            }
            return found.get(0);
        });
    }

    /** The IM between the bot and these users (created, or the existing one), asynchronously. */
    public CompletableFuture<String> createIm(List<Long> userIds) {
        return podAsync(ChatHttpRequest.post(podUrl + "/pod/v1/im/create").json(userIds).idempotent(true))
                .thenApply(r -> Json.text(r.json(), "id"));
    }

    /** A room's attributes, asynchronously. */
    public CompletableFuture<JsonNode> roomInfo(String streamId) {
        return podAsync(ChatHttpRequest.get(podUrl + "/pod/v3/room/" + SymphonyIds.toUrlSafe(streamId) + "/info"))
                .thenApply(ChatHttpResponse::json);
    }

    /** Suppresses a message (pod; needs the content-management entitlement), asynchronously. */
    public CompletableFuture<JsonNode> suppress(String messageId) {
        return podAsync(ChatHttpRequest.post(podUrl + "/pod/v1/admin/messagesuppression/"
                                             + SymphonyIds.toUrlSafe(messageId) + "/suppress")
                .json("{}").idempotent(true)).thenApply(ChatHttpResponse::json);
    }

    // ------------------------------------------------------------------ agent: messages

    /** Sends MessageML (with EntityJSON data and attachments) to a stream; returns the sent V4Message. */
    /** The attachments are loaded on the calling thread; the call itself does not block. */
    public CompletableFuture<JsonNode> sendAsync(String streamId, String messageMl, String data,
                                                 List<ChatAttachment> attachments) {
        return agentAsync(ChatHttpRequest
                .post(agentUrl + "/agent/v4/stream/" + SymphonyIds.toUrlSafe(streamId) + "/message/create")
                .multipart(parts(messageMl, data, attachments)).idempotent(false)).thenApply(ChatHttpResponse::json);
    }

    /** Replaces a sent message, asynchronously; the new version. Never retried after a 5xx. */
    public CompletableFuture<JsonNode> update(String streamId, String messageId, String messageMl, String data) {
        return agentAsync(ChatHttpRequest.post(agentUrl + "/agent/v4/stream/" + SymphonyIds.toUrlSafe(streamId)
                                               + "/message/" + SymphonyIds.toUrlSafe(messageId) + "/update")
                .multipart(parts(messageMl, data, List.of())).idempotent(false)).thenApply(ChatHttpResponse::json);
    }

    /** A message by id, asynchronously. */
    public CompletableFuture<JsonNode> getMessage(String messageId) {
        return agentAsync(ChatHttpRequest.get(agentUrl + "/agent/v1/message/" + SymphonyIds.toUrlSafe(messageId)))
                .thenApply(r -> {
                    if (r.status() == 204) {
                        throw new ChatNotFoundException(SymphonyErrors.PLATFORM, "GET /agent/v1/message", 204, null,
                                "no such message", null);
                    }
                    return r.json();
                });
    }

    /** An attachment's bytes (the agent answers Base64 text). */
    public byte[] attachment(String streamId, String messageId, String fileId) {
        return decodeAttachment(agent(attachmentRequest(streamId, messageId, fileId)));
    }

    /** {@link #attachment}, asynchronously. */
    public CompletableFuture<byte[]> attachmentAsync(String streamId, String messageId, String fileId) {
        return agentAsync(attachmentRequest(streamId, messageId, fileId)).thenApply(SymphonyClient::decodeAttachment);
    }

    private ChatHttpRequest attachmentRequest(String streamId, String messageId, String fileId) {
        return ChatHttpRequest.get(agentUrl + "/agent/v1/stream/" + SymphonyIds.toUrlSafe(streamId)
                                   + "/attachment?fileId=" + enc(fileId) + "&messageId="
                                   + enc(SymphonyIds.toUrlSafe(messageId)))
                .header("Accept", "application/octet-stream");
    }

    private static byte[] decodeAttachment(ChatHttpResponse r) {
        String text = new String(r.body(), StandardCharsets.US_ASCII).strip();
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return r.body();
        }
    }

    private static List<ChatHttpRequest.Part> parts(String messageMl, String data, List<ChatAttachment> attachments) {
        List<ChatHttpRequest.Part> parts = new ArrayList<>();
        parts.add(ChatHttpRequest.Part.text("message", messageMl));
        if (data != null && !data.isBlank()) {
            parts.add(ChatHttpRequest.Part.text("data", data));
        }
        parts.add(ChatHttpRequest.Part.text("version", "2.0"));
        for (ChatAttachment a : attachments) {
            byte[] bytes = a.load();
            if (bytes == null) {
                throw new IllegalArgumentException("Attachment " + a + " has no data Symphony could upload");
            }
            // the part's type lets Symphony show a picture as one
            parts.add(ChatHttpRequest.Part.file("attachment", a.getName() != null ? a.getName()
                    : a.getKind() == ChatAttachment.Kind.image ? "image.png" : "file.bin",
                    a.getContentType() != null ? a.getContentType() : "application/octet-stream", bytes));
        }
        return parts;
    }

    // ------------------------------------------------------------------ agent: datafeed

    /** Datafeed v2 feeds of the bot, optionally only those with a tag. */
    public List<JsonNode> listFeeds(String tag) {
        List<JsonNode> feeds = new ArrayList<>();
        agent(ChatHttpRequest.get(agentUrl + "/agent/v5/datafeeds" + (tag == null ? "" : "?tag=" + enc(tag)))).json()
                .forEach(feeds::add);
        return feeds;
    }

    public String createFeed(String tag) {
        Object body = tag == null ? Map.of() : Map.of("tag", tag);
        return Json.text(agent(ChatHttpRequest.post(agentUrl + "/agent/v5/datafeeds").json(body)).json(), "id");
    }

    /**
     * One long poll of a v2 feed: the events since the batch {@code ackId} acknowledges, and the next ackId (bound
     * from the answer's JSON stream, see {@link SymphonyFeedBatch}).
     */
    public SymphonyFeedBatch readFeed(String feedId, String ackId) {
        ChatHttpResponse r = agent(ChatHttpRequest.post(agentUrl + "/agent/v5/datafeeds/" + enc(feedId) + "/read")
                .json(ackBody(ackId)).idempotent(true).responseTimeout(LONG_POLL));
        return SymphonyFeedBatch.readV2(r.body(), r::json);
    }

    /** {@code {"ackId":"..."}}, written once per read without the object mapper. */
    static String ackBody(String ackId) {
        StringBuilder json = new StringBuilder(24 + (ackId == null ? 0 : ackId.length())).append("{\"ackId\":\"");
        if (ackId != null) {
            JsonStringEncoder.getInstance().quoteAsString(ackId, json);
        }
        return json.append("\"}").toString();
    }

    public void deleteFeed(String feedId) {
        agent(ChatHttpRequest.delete(agentUrl + "/agent/v5/datafeeds/" + enc(feedId)));
    }

    /** Datafeed v1: create. */
    public String createFeedV1() {
        return Json.text(agent(ChatHttpRequest.post(agentUrl + "/agent/v4/datafeed/create").json("{}")).json(), "id");
    }

    /** Datafeed v1: one long poll (no acknowledgement). */
    public List<SymphonyEvent> readFeedV1(String feedId) {
        ChatHttpResponse r = agent(ChatHttpRequest.get(agentUrl + "/agent/v4/datafeed/" + enc(feedId) + "/read")
                .responseTimeout(LONG_POLL));
        return r.status() == 204 ? new ArrayList<>() : SymphonyFeedBatch.readV1(r.body(), r::json);
    }

    @Override
    public void close() {
        http.close();
    }
}
