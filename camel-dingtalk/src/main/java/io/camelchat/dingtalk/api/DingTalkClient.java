package io.camelchat.dingtalk.api;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * DingTalk's API, one method per call the component makes. Tokens are cached and refreshed ahead of expiry; a call
 * the platform refuses for its token is made once more with a fresh one.
 */
public final class DingTalkClient implements AutoCloseable {

    /** Callback topic of robot messages. */
    public static final String TOPIC_ROBOT = "/v1.0/im/bot/messages/get";
    /** Callback topic of interactive-card actions. */
    public static final String TOPIC_CARD = "/v1.0/card/instances/callback";

    private static final String TOKEN_HEADER = "x-acs-dingtalk-access-token";

    private final String apiUrl;
    private final String oapiUrl;
    private final String clientId;
    private final String clientSecret;
    private final ChatHttpClient http;
    private final AccessTokenCache tokens;

    public DingTalkClient(String apiUrl, String oapiUrl, String clientId, String clientSecret, ChatHttpClient http,
                          Duration refreshAhead, TokenStore tokenStore) {
        this.apiUrl = trimSlash(Objects.requireNonNull(apiUrl, "apiUrl"));
        this.oapiUrl = trimSlash(Objects.requireNonNull(oapiUrl, "oapiUrl"));
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.http = http;
        this.tokens = new AccessTokenCache("dingtalk", this::fetchToken, refreshAhead, Clock.systemUTC(),
                tokenStore, tokenStore == null ? null
                        : TokenKeys.hashed("dingtalk", this.apiUrl, "app", clientId, clientSecret));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public AccessTokenCache tokens() {
        return tokens;
    }

    public ChatHttpClient http() {
        return http;
    }

    // ------------------------------------------------------------------ auth and stream registration

    private AccessToken fetchToken() {
        requireCredentials();
        Map<String, Object> body = Map.of("appKey", clientId, "appSecret", clientSecret);
        JsonNode answer = http
                .execute(ChatHttpRequest.post(apiUrl + "/v1.0/oauth2/accessToken").json(body).idempotent(true))
                .json();
        String token = Json.text(answer, "accessToken");
        if (token == null) {
            throw new ChatApiException(DingTalkErrors.PLATFORM, "POST /v1.0/oauth2/accessToken", 200, null,
                    "answer holds no accessToken", null);
        }
        long expireIn = answer.path("expireIn").asLong(7200);
        return new AccessToken(token, Instant.now().plusSeconds(expireIn));
    }

    private void requireCredentials() {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("DingTalk needs the options clientId and clientSecret");
        }
    }

    /** A Stream endpoint and its one-time ticket. */
    public record StreamTicket(String endpoint, String ticket) {
        @Override
        public String toString() {
            return "StreamTicket[" + endpoint + "]";
        }
    }

    /** Registers a Stream connection for the given subscriptions ({@code type} EVENT or CALLBACK, and a topic). */
    public StreamTicket openConnection(List<Map<String, String>> subscriptions, String userAgent) {
        requireCredentials();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("clientSecret", clientSecret);
        body.put("subscriptions", subscriptions);
        body.put("ua", userAgent);
        String ip = localIp();
        if (ip != null) {
            body.put("localIp", ip);
        }
        JsonNode answer = http.execute(ChatHttpRequest.post(apiUrl + "/v1.0/gateway/connections/open").json(body)
                .idempotent(true)).json();
        String endpoint = Json.text(answer, "endpoint");
        String ticket = Json.text(answer, "ticket");
        if (endpoint == null || endpoint.isBlank() || ticket == null || ticket.isBlank()) {
            throw new ChatApiException(DingTalkErrors.PLATFORM, "POST /v1.0/gateway/connections/open", 200, null,
                    "answer holds no endpoint or ticket", null);
        }
        return new StreamTicket(endpoint, ticket);
    }

    private static String localIp() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (Exception ignored) {
            // no address to report: the field is optional
        }
        return null;
    }

    // ------------------------------------------------------------------ calls with a token

    private JsonNode newApi(String method, String path, Object body, boolean idempotent) {
        return tokens.call(token -> {
            ChatHttpRequest req = ChatHttpRequest.of(method, apiUrl + path).header(TOKEN_HEADER, token)
                    .idempotent(idempotent);
            if (body != null) {
                req.json(body);
            }
            return http.execute(req).json();
        });
    }

    private CompletableFuture<JsonNode> newApiAsync(String path, Object body, boolean idempotent) {
        return tokens.callAsync(token -> http.executeAsync(ChatHttpRequest.post(apiUrl + path)
                .header(TOKEN_HEADER, token).json(body).idempotent(idempotent)).thenApply(ChatHttpResponse::json));
    }

    private CompletableFuture<JsonNode> oldApiAsync(String path, Object body) {
        return tokens.callAsync(
                token -> http.executeAsync(ChatHttpRequest.post(oapiUrl + path + "?access_token=" + enc(token))
                        .json(body).idempotent(true)).thenApply(ChatHttpResponse::json));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Robot 1:1 send to up to 20 users, asynchronously. Not idempotent: never retried after a 5xx. */
    public CompletableFuture<JsonNode> sendToUsers(String robotCode, List<String> userIds, String msgKey,
                                                   Map<String, Object> msgParam) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robotCode", robotCode);
        body.put("userIds", userIds);
        body.put("msgKey", msgKey);
        body.put("msgParam", Json.write(msgParam));
        return newApiAsync("/v1.0/robot/oToMessages/batchSend", body, false);
    }

    /** Robot group send, asynchronously. Not idempotent: never retried after a 5xx. */
    public CompletableFuture<JsonNode> sendToGroup(String robotCode, String openConversationId, String msgKey,
                                                   Map<String, Object> msgParam) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robotCode", robotCode);
        body.put("openConversationId", openConversationId);
        body.put("msgKey", msgKey);
        body.put("msgParam", Json.write(msgParam));
        return newApiAsync("/v1.0/robot/groupMessages/send", body, false);
    }

    /** Recalls robot 1:1 messages, asynchronously. */
    public CompletableFuture<JsonNode> recallFromUsers(String robotCode, List<String> processQueryKeys) {
        return newApiAsync("/v1.0/robot/otoMessages/batchRecall",
                Map.of("robotCode", robotCode, "processQueryKeys", processQueryKeys), true);
    }

    /** Recalls robot group messages, asynchronously. */
    public CompletableFuture<JsonNode> recallFromGroup(String robotCode, String openConversationId,
                                                       List<String> processQueryKeys) {
        return newApiAsync("/v1.0/robot/groupMessages/recall",
                Map.of("robotCode", robotCode, "openConversationId", openConversationId, "processQueryKeys",
                        processQueryKeys),
                true);
    }

    /**
     * Posts a reply to a message's session webhook (no token needed; the URL is the credential), asynchronously. Not
     * idempotent: never retried after a 5xx.
     */
    public CompletableFuture<JsonNode> replyBySessionWebhook(String sessionWebhook, Map<String, Object> body) {
        return http.executeAsync(ChatHttpRequest.post(sessionWebhook).json(body).idempotent(false))
                .thenApply(ChatHttpResponse::json);
    }

    /**
     * Uploads media, asynchronously; the answer holds {@code media_id} and {@code type}. Not idempotent: never retried
     * after a 5xx.
     */
    public CompletableFuture<JsonNode> uploadMedia(String type, String fileName, String contentType, byte[] data) {
        return tokens.callAsync(token -> http.executeAsync(ChatHttpRequest
                .post(oapiUrl + "/media/upload?access_token=" + enc(token) + "&type=" + enc(type))
                .multipart(List.of(ChatHttpRequest.Part.file("media", fileName, contentType, data)))
                .idempotent(false)).thenApply(ChatHttpResponse::json));
    }

    /** Exchanges a download code of a received file for a short-lived URL. */
    public String downloadUrl(String robotCode, String downloadCode) {
        JsonNode answer = newApi("POST", "/v1.0/robot/messageFiles/download",
                Map.of("downloadCode", downloadCode, "robotCode", robotCode), true);
        String url = Json.text(answer, "downloadUrl");
        if (url == null) {
            throw new ChatApiException(DingTalkErrors.PLATFORM, "POST /v1.0/robot/messageFiles/download", 200, null,
                    "answer holds no downloadUrl", null);
        }
        return url;
    }

    /** {@link #downloadUrl}, asynchronously. */
    public CompletableFuture<String> downloadUrlAsync(String robotCode, String downloadCode) {
        return newApiAsync("/v1.0/robot/messageFiles/download",
                Map.of("downloadCode", downloadCode, "robotCode", robotCode), true).thenApply(answer -> {
                    String url = Json.text(answer, "downloadUrl");
                    if (url == null) {
                        throw new ChatApiException(DingTalkErrors.PLATFORM, "POST /v1.0/robot/messageFiles/download",
                                200, null, "answer holds no downloadUrl", null);
                    }
                    return url;
                });
    }

    /** Fetches a download URL (no credentials). */
    public ChatHttpResponse fetch(String url) {
        return http.execute(ChatHttpRequest.get(url));
    }

    /** {@link #fetch}, asynchronously. */
    public CompletableFuture<ChatHttpResponse> fetchAsync(String url) {
        return http.executeAsync(ChatHttpRequest.get(url));
    }

    public CompletableFuture<JsonNode> getUser(String userId) {
        return oldApiAsync("/topapi/v2/user/get", Map.of("userid", userId, "language", "zh_CN"));
    }

    public CompletableFuture<JsonNode> getUserByMobile(String mobile) {
        return oldApiAsync("/topapi/v2/user/getbymobile", Map.of("mobile", mobile));
    }

    public CompletableFuture<JsonNode> getGroup(String openConversationId) {
        return oldApiAsync("/topapi/im/chat/scenegroup/get", Map.of("open_conversation_id", openConversationId));
    }

    /** All member user ids of a group, following DingTalk's paging, one page after the other. */
    public CompletableFuture<List<String>> listGroupMembers(String robotCode, String openConversationId) {
        List<String> members = new ArrayList<>();
        return memberPage(openConversationId, null, members).thenApply(done -> members);
    }

    private CompletableFuture<Void> memberPage(String openConversationId, String cursor, List<String> members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open_conversation_id", openConversationId);
        body.put("size", 1000);
        body.put("cursor", cursor == null ? "0" : cursor);
        return oldApiAsync("/topapi/im/chat/scenegroup/member/get", body).thenCompose(answer -> {
            JsonNode result = answer.path("result");
            for (JsonNode id : result.path("member_user_ids")) {
                members.add(id.asText());
            }
            String next = result.path("has_more").asBoolean(false) ? Json.text(result, "next_cursor") : null;
            return next == null || next.isEmpty() ? CompletableFuture.completedFuture(null)
                    : memberPage(openConversationId, next, members);
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
