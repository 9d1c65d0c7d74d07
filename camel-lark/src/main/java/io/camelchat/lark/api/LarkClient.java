package io.camelchat.lark.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.token.AccessToken;
import io.camelchat.common.token.AccessTokenCache;
import io.camelchat.common.token.TokenKeys;
import io.camelchat.common.token.TokenStore;

/**
 * Lark's open platform API, one method per call the component makes, plus {@link #call} for any other API. The
 * tenant access token is cached and refreshed ahead of expiry; a call Lark refuses for its token is made once more
 * with a fresh one.
 */
public final class LarkClient implements AutoCloseable {

    private final String apiUrl;
    private final String appId;
    private final String appSecret;
    private final ChatHttpClient http;
    private final AccessTokenCache tokens;

    public LarkClient(String apiUrl, String appId, String appSecret, ChatHttpClient http, Duration refreshAhead,
                      TokenStore tokenStore) {
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.appId = appId;
        this.appSecret = appSecret;
        this.http = http;
        this.tokens = new AccessTokenCache("lark", this::fetchToken, refreshAhead, Clock.systemUTC(), tokenStore,
                tokenStore == null ? null : TokenKeys.hashed("lark", apiUrl, "tenant", appId, appSecret));
    }

    public AccessTokenCache tokens() {
        return tokens;
    }

    public ChatHttpClient http() {
        return http;
    }

    private void requireCredentials() {
        if (appId == null || appId.isBlank() || appSecret == null || appSecret.isBlank()) {
            throw new IllegalArgumentException("Lark needs the options appId and appSecret");
        }
    }

    private AccessToken fetchToken() {
        requireCredentials();
        JsonNode answer = http.execute(ChatHttpRequest.post(apiUrl + "/open-apis/auth/v3/tenant_access_token/internal")
                .json(Map.of("app_id", appId, "app_secret", appSecret)).idempotent(true)).json();
        String token = Json.text(answer, "tenant_access_token");
        if (token == null) {
            throw new ChatApiException(LarkErrors.PLATFORM, "POST /open-apis/auth/v3/tenant_access_token/internal", 200,
                    null, "answer holds no tenant_access_token", null);
        }
        return new AccessToken(token, Instant.now().plusSeconds(answer.path("expire").asLong(7200)));
    }

    /** Where the long connection goes, and the client config Lark wants it to follow. */
    public record StreamEndpoint(String url, JsonNode clientConfig) {
        @Override
        public String toString() {
            int q = url.indexOf('?');
            return "StreamEndpoint[" + (q < 0 ? url : url.substring(0, q)) + "]";
        }
    }

    /** Asks for a long-connection address (no token: the app's credentials go in the body). */
    public StreamEndpoint streamEndpoint() {
        requireCredentials();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("AppID", appId);
        body.put("AppSecret", appSecret);
        JsonNode answer = http.execute(ChatHttpRequest.post(apiUrl + "/callback/ws/endpoint").header("locale", "zh")
                .json(body).idempotent(true)).json();
        String url = Json.text(answer.path("data"), "URL");
        if (url == null || url.isBlank()) {
            throw new ChatApiException(LarkErrors.PLATFORM, "POST /callback/ws/endpoint", 200, null,
                    "answer holds no connection URL", null);
        }
        return new StreamEndpoint(url, answer.path("data").path("ClientConfig"));
    }

    /**
     * Calls an API with the tenant token, without blocking: the answer (the whole envelope: {@code code}, {@code msg},
     * {@code data}), or the failure, completes the future (see ChatHttpClient).
     *
     * @param method     HTTP method
     * @param path       path starting with {@code /open-apis/}
     * @param query      query parameters (may be empty)
     * @param body       JSON body, or null
     * @param idempotent whether the call may be sent again after a 5xx
     */
    public CompletableFuture<JsonNode> callAsync(String method, String path, Map<String, ?> query, Object body,
                                                 boolean idempotent) {
        String url = apiUrl + (path.startsWith("/") ? path : "/" + path) + queryString(query);
        return tokens.callAsync(token -> {
            ChatHttpRequest req = ChatHttpRequest.of(method, url).header("Authorization", "Bearer " + token)
                    .idempotent(idempotent);
            if (body != null) {
                req.json(body);
            }
            return http.executeAsync(req).thenApply(ChatHttpResponse::json);
        });
    }

    static String queryString(Map<String, ?> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        query.forEach((k, v) -> {
            if (v != null) {
                sb.append(sb.length() > 1 ? "&" : "").append(enc(k)).append('=').append(enc(String.valueOf(v)));
            }
        });
        return sb.length() == 1 ? "" : sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Sends a message, asynchronously. With a {@code uuid} Lark sends at most one message per key, so the call may be
     * retried.
     */
    public CompletableFuture<JsonNode> sendAsync(String receiveIdType, String receiveId, String msgType,
                                                 String content, String uuid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receive_id", receiveId);
        body.put("msg_type", msgType);
        body.put("content", content);
        if (uuid != null) {
            body.put("uuid", uuid);
        }
        return callAsync("POST", "/open-apis/im/v1/messages", Map.of("receive_id_type", receiveIdType), body,
                uuid != null);
    }

    /** Replies to a message, asynchronously. */
    public CompletableFuture<JsonNode> replyAsync(String messageId, String msgType, String content, boolean inThread,
                                                  String uuid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg_type", msgType);
        body.put("content", content);
        if (inThread) {
            body.put("reply_in_thread", true);
        }
        if (uuid != null) {
            body.put("uuid", uuid);
        }
        return callAsync("POST", "/open-apis/im/v1/messages/" + enc(messageId) + "/reply", Map.of(), body,
                uuid != null);
    }

    /** Recalls a message, asynchronously. */
    public CompletableFuture<JsonNode> recall(String messageId) {
        return callAsync("DELETE", "/open-apis/im/v1/messages/" + enc(messageId), Map.of(), null, true);
    }

    /** Replaces the card of an interactive message, asynchronously. */
    public CompletableFuture<JsonNode> updateCard(String messageId, String cardJson) {
        return callAsync("PATCH", "/open-apis/im/v1/messages/" + enc(messageId), Map.of(),
                Map.of("content", cardJson), true);
    }

    /** Edits a sent text or post message, asynchronously. */
    public CompletableFuture<JsonNode> edit(String messageId, String msgType, String content) {
        return callAsync("PUT", "/open-apis/im/v1/messages/" + enc(messageId), Map.of(),
                Map.of("msg_type", msgType, "content", content), true);
    }

    /** Uploads an image for messages, asynchronously; the future holds its image_key. Never retried after a 5xx. */
    public CompletableFuture<String> uploadImage(String fileName, String contentType, byte[] data) {
        return tokens.callAsync(token -> http.executeAsync(ChatHttpRequest.post(apiUrl + "/open-apis/im/v1/images")
                .header("Authorization", "Bearer " + token)
                .multipart(List.of(ChatHttpRequest.Part.text("image_type", "message"),
                        ChatHttpRequest.Part.file("image", fileName, contentType, data)))
                .idempotent(false)).thenApply(ChatHttpResponse::json))
                .thenApply(answer -> requireText(answer.path("data"), "image_key", "POST /open-apis/im/v1/images"));
    }

    /**
     * Uploads a file, asynchronously; the future holds its file_key. {@code fileType}: opus, mp4, pdf, doc, xls, ppt or
     * stream. Never retried after a 5xx.
     */
    public CompletableFuture<String> uploadFile(String fileName, String fileType, byte[] data) {
        return tokens.callAsync(token -> http.executeAsync(ChatHttpRequest.post(apiUrl + "/open-apis/im/v1/files")
                .header("Authorization", "Bearer " + token)
                .multipart(List.of(ChatHttpRequest.Part.text("file_type", fileType),
                        ChatHttpRequest.Part.text("file_name", fileName),
                        ChatHttpRequest.Part.file("file", fileName, "application/octet-stream", data)))
                .idempotent(false)).thenApply(ChatHttpResponse::json))
                .thenApply(answer -> requireText(answer.path("data"), "file_key", "POST /open-apis/im/v1/files"));
    }

    /** A resource (image or file) of a message: the bytes, with Content-Type and Content-Disposition. */
    public ChatHttpResponse downloadResource(String messageId, String fileKey, String type) {
        String url = resourceUrl(messageId, fileKey, type);
        return tokens.call(token -> http.execute(ChatHttpRequest.get(url).header("Authorization", "Bearer " + token)));
    }

    /** {@link #downloadResource}, asynchronously. */
    public CompletableFuture<ChatHttpResponse> downloadResourceAsync(String messageId, String fileKey, String type) {
        String url = resourceUrl(messageId, fileKey, type);
        return tokens.callAsync(
                token -> http.executeAsync(ChatHttpRequest.get(url).header("Authorization", "Bearer " + token)));
    }

    private String resourceUrl(String messageId, String fileKey, String type) {
        return apiUrl + "/open-apis/im/v1/messages/" + enc(messageId) + "/resources/" + enc(fileKey) + "?type="
               + enc(type);
    }

    /** A user by id, asynchronously. */
    public CompletableFuture<JsonNode> getUser(String idType, String id) {
        return callAsync("GET", "/open-apis/contact/v3/users/" + enc(id), Map.of("user_id_type", idType), null, true)
                .thenApply(answer -> answer.path("data").path("user"));
    }

    /** The open_id of the user with that email or mobile number, or null when Lark knows none; asynchronously. */
    public CompletableFuture<String> findUserId(String emailOrNull, String mobileOrNull) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (emailOrNull != null) {
            body.put("emails", List.of(emailOrNull));
        }
        if (mobileOrNull != null) {
            body.put("mobiles", List.of(mobileOrNull));
        }
        return callAsync("POST", "/open-apis/contact/v3/users/batch_get_id", Map.of("user_id_type", "open_id"), body,
                true).thenApply(answer -> {
                    for (JsonNode u : answer.path("data").path("user_list")) {
                        String id = Json.text(u, "user_id");
                        if (id != null && !id.isEmpty()) {
                            return id;
                        }
                    }
                    return null;
                });
    }

    /** Every chat the bot is in, following Lark's paging one page after the other; asynchronously. */
    public CompletableFuture<List<JsonNode>> listChats() {
        List<JsonNode> chats = new ArrayList<>();
        return chatPage(null, chats).thenApply(done -> chats);
    }

    private CompletableFuture<Void> chatPage(String pageToken, List<JsonNode> chats) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("page_size", 100);
        if (pageToken != null) {
            query.put("page_token", pageToken);
        }
        return callAsync("GET", "/open-apis/im/v1/chats", query, null, true).thenCompose(answer -> {
            JsonNode data = answer.path("data");
            data.path("items").forEach(chats::add);
            String next = data.path("has_more").asBoolean(false) ? Json.text(data, "page_token") : null;
            return next == null || next.isEmpty() ? CompletableFuture.completedFuture(null) : chatPage(next, chats);
        });
    }

    private static String requireText(JsonNode node, String field, String operation) {
        String v = Json.text(node, field);
        if (v == null || v.isEmpty()) {
            throw new ChatApiException(LarkErrors.PLATFORM, operation, 200, null, "answer holds no " + field, null);
        }
        return v;
    }

    @Override
    public void close() {
        http.close();
    }
}
