package io.camelchat.openim.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.token.AccessToken;
import io.camelchat.common.token.AccessTokenCache;
import io.camelchat.common.token.TokenKeys;
import io.camelchat.common.token.TokenStore;

/**
 * The OpenIM HTTP API (open-im-server v3.8, port 10002): one method per call. Every call is a POST of JSON with a
 * fresh {@code operationID} header (the request id of errors) and the {@code token} header; answers are unwrapped
 * ({@code data}) or turned into exceptions by {@link OpenImErrors}.
 * <p>
 * Tokens: with admin credentials an admin token ({@code /auth/get_admin_token}) serves every call, and the user token
 * of {@code userId} ({@code /auth/get_user_token}) is fetched only for the gateway; both are cached and replaced
 * {@code tokenRefreshAhead} before they expire, and once more when the server refuses them (1501 to 1507). With only
 * a user token, every call uses it (sends over HTTP then fail with 1002: only app managers may call
 * {@code /msg/send_msg}).
 * <p>
 * Look-ups and reads are retried after a 5xx; {@code /msg/send_msg} never is (the server makes the clientMsgID itself,
 * so the same send twice is two messages), nor are uploads' initiate and complete calls.
 */
public class OpenImClient implements AutoCloseable {

    public static final String PLATFORM = "openim";

    /** The credentials, never logged nor part of a message. */
    public record Credentials(String userId, String userToken, String adminUserId, String secret, int platformId) {
        public boolean hasAdmin() {
            return adminUserId != null && !adminUserId.isBlank() && secret != null && !secret.isBlank();
        }

        public boolean hasUserToken() {
            return userToken != null && !userToken.isBlank();
        }

        @Override
        public String toString() {
            return "Credentials[userId=" + userId + ", platformId=" + platformId + ", admin=" + hasAdmin() + "]";
        }
    }

    /** One seq range of {@code /msg/pull_msg_by_seq}. */
    public record SeqRange(String conversationId, long begin, long end, long num) {
    }

    /** The newest and oldest seqs of the user's conversations. */
    public record Seqs(Map<String, Long> maxSeqs, Map<String, Long> minSeqs) {
    }

    private final ChatHttpClient http;
    private final String apiUrl;
    private final Credentials credentials;
    private final AccessTokenCache adminToken;
    private final AccessTokenCache userToken;
    private final AtomicBoolean configuredTokenUsed = new AtomicBoolean();

    public OpenImClient(ChatHttpClient http, String apiUrl, Credentials credentials, Duration refreshAhead) {
        this(http, apiUrl, credentials, refreshAhead, null);
    }

    /**
     * @param tokenStore where fetched tokens are shared with other endpoints and nodes (null: this client's only). A
     *                   configured user token is not put there: the user token is shared only when it is fetched
     *                   with admin credentials.
     */
    public OpenImClient(ChatHttpClient http, String apiUrl, Credentials credentials, Duration refreshAhead,
                        TokenStore tokenStore) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.credentials = credentials;
        // the user ids are secret options: log labels name the role only; store keys hold a digest of the
        // credentials, so that an endpoint with other (or wrong) credentials never takes a token fetched with these
        String label = "OpenIM " + apiUrl;
        this.adminToken = credentials.hasAdmin()
                ? new AccessTokenCache(label + " admin", this::fetchAdminToken, refreshAhead, Clock.systemUTC(),
                        tokenStore,
                        tokenStore == null ? null
                                : TokenKeys.hashed(PLATFORM, apiUrl, "admin", credentials.adminUserId(),
                                        credentials.secret()))
                : null;
        TokenStore userStore = credentials.hasAdmin() && !credentials.hasUserToken() ? tokenStore : null;
        this.userToken = new AccessTokenCache(label + " user", this::fetchUserToken, refreshAhead, Clock.systemUTC(),
                userStore, userStore == null ? null
                        : TokenKeys.hashed(PLATFORM, apiUrl, "user", credentials.userId(), credentials.platformId(),
                                credentials.adminUserId(), credentials.secret()));
    }

    // ------------------------------------------------------------------ tokens

    private AccessToken fetchAdminToken() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("secret", credentials.secret())
                .put("userID", credentials.adminUserId());
        // safe to repeat after a 5xx: a second token is as good as the first
        JsonNode data = call("/auth/get_admin_token", body, null, true);
        return token(data);
    }

    private AccessToken fetchUserToken() {
        if (credentials.hasUserToken() && configuredTokenUsed.compareAndSet(false, true)) {
            return new AccessToken(credentials.userToken(), OpenImTokens.expiry(credentials.userToken()));
        }
        if (!credentials.hasAdmin()) {
            if (credentials.hasUserToken()) {
                // nothing to renew it with: the server will refuse it again, and that error is what the caller sees
                return new AccessToken(credentials.userToken(), OpenImTokens.expiry(credentials.userToken()));
            }
            throw new IllegalStateException("OpenIM: no user token and no admin credentials to fetch one");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("platformID", credentials.platformId())
                .put("userID", credentials.userId());
        return token(adminToken.call(t -> call("/auth/get_user_token", body, t, true)));
    }

    private static AccessToken token(JsonNode data) {
        String token = Json.text(data, "token");
        if (token == null || token.isBlank()) {
            throw new ChatApiException(PLATFORM, "POST /auth", 200, null, "the answer holds no token", null);
        }
        long seconds = data.path("expireTimeSeconds").asLong(0);
        Instant expires = seconds > 0 ? Instant.now().plusSeconds(seconds) : OpenImTokens.expiry(token);
        return new AccessToken(token, expires);
    }

    /** The token of user calls: the admin token when admin credentials are set, else the user token. */
    private AccessTokenCache apiTokens() {
        return adminToken != null ? adminToken : userToken;
    }

    /** The user token of {@code userId} for the gateway (fetched or the configured one); never logged. */
    public String userToken() {
        return userToken.get();
    }

    /** Drops a user token the gateway refused, so that {@link #userToken()} fetches a new one (with admin rights). */
    public void invalidateUserToken(String token) {
        userToken.invalidate(token);
    }

    /** The admin token (for HTTP sends); fails clearly without admin credentials. */
    public String adminToken() {
        if (adminToken == null) {
            throw new IllegalStateException("OpenIM: this call needs admin credentials (adminUserId and secret)");
        }
        return adminToken.get();
    }

    public boolean hasAdmin() {
        return adminToken != null;
    }

    /** Tokens fetched so far (admin and user), for the dev console and tests; never a token. */
    public long getTokenFetches() {
        return (adminToken == null ? 0 : adminToken.getFetchCount()) + userToken.getFetchCount();
    }

    public Credentials credentials() {
        return credentials;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public ChatHttpClient http() {
        return http;
    }

    // ------------------------------------------------------------------ calls

    /**
     * POSTs {@code body} to {@code path} with the API token (fetched once more when refused) and returns the answer's
     * {@code data} (an empty object when absent).
     */
    public JsonNode post(String path, Object body, boolean idempotent) {
        return apiTokens().call(t -> call(path, body, t, idempotent));
    }

    /** {@link #post} without blocking. */
    public CompletableFuture<JsonNode> postAsync(String path, Object body, boolean idempotent) {
        return apiTokens().callAsync(t -> http.executeAsync(request(path, body, t, idempotent))
                .thenApply(OpenImClient::data));
    }

    /** POSTs with the admin token (sends); fails clearly without admin credentials. */
    public JsonNode postAsAdmin(String path, Object body, boolean idempotent) {
        if (adminToken == null) {
            throw new ChatPermissionException(PLATFORM, "POST " + path, 0, "1002",
                    "only app managers may call " + path + ": set adminUserId and secret", null);
        }
        return adminToken.call(t -> call(path, body, t, idempotent));
    }

    private JsonNode call(String path, Object body, String token, boolean idempotent) {
        return data(http.execute(request(path, body, token, idempotent)));
    }

    private ChatHttpRequest request(String path, Object body, String token, boolean idempotent) {
        return ChatHttpRequest.post(apiUrl + path).json(body).idempotent(idempotent)
                .header(OpenImErrors.OPERATION_ID, operationId()).header("token", token);
    }

    private static JsonNode data(ChatHttpResponse response) {
        JsonNode data = response.json().path("data");
        return data.isMissingNode() || data.isNull() ? Json.MAPPER.createObjectNode() : data;
    }

    /** A fresh operationID: the request id OpenIM logs and errors carry. */
    public static String operationId() {
        return "camelchat-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** {@code /user/get_users_info}: the public profiles of users (those that exist), without blocking. */
    public CompletableFuture<List<JsonNode>> usersInfoAsync(List<String> userIds) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode ids = body.putArray("userIDs");
        userIds.forEach(ids::add);
        return postAsync("/user/get_users_info", body, true).thenApply(data -> list(data.path("usersInfo")));
    }

    /** {@code /msg/newest_seq}: the newest (and oldest) seq of every conversation of {@code userId}. */
    public Seqs newestSeq(String userId) {
        return seqs(post("/msg/newest_seq", Json.MAPPER.createObjectNode().put("userID", userId), true));
    }

    /** {@link #newestSeq} without blocking. */
    public CompletableFuture<Seqs> newestSeqAsync(String userId) {
        return postAsync("/msg/newest_seq", Json.MAPPER.createObjectNode().put("userID", userId), true)
                .thenApply(OpenImClient::seqs);
    }

    private static Seqs seqs(JsonNode data) {
        return new Seqs(longs(data.path("maxSeqs")), longs(data.path("minSeqs")));
    }

    /**
     * {@code /msg/pull_msg_by_seq}: the messages of the ranges, {@code data} as the server answers it
     * ({@code msgs} and {@code notificationMsgs}, conversation id to {@code {"Msgs": [...], "isEnd", "endSeq"}}).
     *
     * @param descending order 1 (newest first) instead of 0
     */
    public JsonNode pullBySeq(String userId, List<SeqRange> ranges, boolean descending) {
        return post("/msg/pull_msg_by_seq", pullBody(userId, ranges, descending), true);
    }

    /** {@link #pullBySeq} without blocking. */
    public CompletableFuture<JsonNode> pullBySeqAsync(String userId, List<SeqRange> ranges, boolean descending) {
        return postAsync("/msg/pull_msg_by_seq", pullBody(userId, ranges, descending), true);
    }

    private static ObjectNode pullBody(String userId, List<SeqRange> ranges, boolean descending) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("userID", userId);
        ArrayNode array = body.putArray("seqRanges");
        for (SeqRange r : ranges) {
            array.addObject().put("conversationID", r.conversationId()).put("begin", r.begin()).put("end", r.end())
                    .put("num", r.num());
        }
        body.put("order", descending ? 1 : 0);
        return body;
    }

    /** {@code /msg/send_msg} with the admin token; never retried after a 5xx or a timeout. */
    public JsonNode sendMsg(ObjectNode request) {
        return postAsAdmin("/msg/send_msg", request, false);
    }

    /** {@link #sendMsg} without blocking. */
    public CompletableFuture<JsonNode> sendMsgAsync(ObjectNode request) {
        String path = "/msg/send_msg";
        if (adminToken == null) {
            return CompletableFuture.failedFuture(new ChatPermissionException(PLATFORM, "POST " + path, 0, "1002",
                    "only app managers may call " + path + ": set adminUserId and secret", null));
        }
        return adminToken.callAsync(t -> http.executeAsync(request(path, request, t, false))
                .thenApply(OpenImClient::data));
    }

    /**
     * {@code /msg/revoke_msg}: revokes the message at {@code seq} of a conversation, as {@code userId}, without
     * blocking.
     */
    public CompletableFuture<JsonNode> revokeMsg(String conversationId, long seq, String userId) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("conversationID", conversationId).put("seq", seq)
                .put("userID", userId);
        // revoking twice answers MsgAlreadyRevoke (1404): safe to retry
        return postAsync("/msg/revoke_msg", body, true);
    }

    /** {@code /group/get_groups_info}: the groups' details, without blocking. */
    public CompletableFuture<List<JsonNode>> groupsInfo(List<String> groupIds) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode ids = body.putArray("groupIDs");
        groupIds.forEach(ids::add);
        return postAsync("/group/get_groups_info", body, true).thenApply(data -> list(data.path("groupInfos")));
    }

    /**
     * {@code /group/get_group_member_list}: one page (from 1) of a group's members, {@code total} and {@code members},
     * without blocking.
     */
    public CompletableFuture<JsonNode> groupMembers(String groupId, int pageNumber, int showNumber) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("groupID", groupId);
        body.putObject("pagination").put("pageNumber", pageNumber).put("showNumber", showNumber);
        return postAsync("/group/get_group_member_list", body, true);
    }

    /** Every member of a group, page after page, without blocking. */
    public CompletableFuture<List<JsonNode>> allGroupMembers(String groupId) {
        List<JsonNode> members = new ArrayList<>();
        return memberPage(groupId, 1, members).thenApply(done -> members);
    }

    private CompletableFuture<Void> memberPage(String groupId, int page, List<JsonNode> members) {
        int size = 500;
        return groupMembers(groupId, page, size).thenCompose(data -> {
            List<JsonNode> batch = list(data.path("members"));
            members.addAll(batch);
            long total = data.path("total").asLong(members.size());
            if (batch.size() < size || members.size() >= total || page >= 1000) {
                return CompletableFuture.completedFuture(null);
            }
            return memberPage(groupId, page + 1, members);
        });
    }

    // ------------------------------------------------------------------ objects

    /**
     * Uploads bytes to the server's object storage as the official SDKs do ({@code /object/part_size},
     * {@code /object/initiate_multipart_upload}, a PUT of each part to the signed URL the server gives,
     * {@code /object/complete_multipart_upload}); an object the server already holds (same hash) is not sent again.
     * Nothing blocks: each step starts when the previous one answered, the parts one by one.
     *
     * @return the object's URL, once stored
     */
    public CompletableFuture<String> uploadAsync(String name, String contentType, byte[] data) {
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        long size = data.length;
        return postAsync("/object/part_size", Json.MAPPER.createObjectNode().put("size", size), true)
                .thenCompose(answer -> {
                    long asked = answer.path("size").asLong(0);
                    return upload(name, type, data, asked <= 0 ? Math.max(1, size) : asked);
                });
    }

    private CompletableFuture<String> upload(String name, String type, byte[] data, long partSize) {
        long size = data.length;
        int parts = (int) Math.max(1, (size + partSize - 1) / partSize);
        List<String> partHashes = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            partHashes.add(md5Hex(part(data, i, partSize)));
        }
        ObjectNode init = Json.MAPPER.createObjectNode().put("hash", md5Hex(String.join(",", partHashes)
                .getBytes(StandardCharsets.UTF_8)))
                .put("size", size).put("partSize", partSize).put("maxParts", -1).put("cause", "")
                .put("name", name).put("contentType", type).put("urlPrefix", objectUrlPrefix());
        return postAsync("/object/initiate_multipart_upload", init, false).thenCompose(initiated -> {
            JsonNode upload = initiated.path("upload");
            if (upload.isMissingNode() || upload.isNull() || upload.isEmpty()) {
                return CompletableFuture.completedFuture(Json.text(initiated, "url")); // already stored
            }
            if (upload.path("partSize").asLong(partSize) != partSize) {
                throw new ChatApiException(PLATFORM, "POST /object/initiate_multipart_upload", 200, null,
                        "the server asked for parts of " + upload.path("partSize").asLong() + " bytes, not "
                                                                                                          + partSize,
                        null);
            }
            JsonNode sign = upload.path("sign");
            List<JsonNode> signed = list(sign.path("parts"));
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                indexes.add(i);
            }
            return ChatAsync.forEach(indexes, i -> putPart(sign,
                    i < signed.size() ? signed.get(i) : Json.MAPPER.createObjectNode(), part(data, i, partSize), type))
                    .thenCompose(done -> {
                        ObjectNode complete = Json.MAPPER.createObjectNode()
                                .put("uploadID", Json.text(upload, "uploadID")).put("name", name)
                                .put("contentType", type).put("cause", "").put("urlPrefix", objectUrlPrefix());
                        ArrayNode hashes = complete.putArray("parts");
                        partHashes.forEach(hashes::add);
                        return postAsync("/object/complete_multipart_upload", complete, false)
                                .thenApply(answer -> Json.text(answer, "url"));
                    });
        });
    }

    /** Waits for {@code future} on the calling thread; throws its failure as it is. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatApiException(PLATFORM, "object", 0, null, "interrupted", null);
        } catch (ExecutionException e) {
            Throwable cause = ChatAsync.unwrap(e);
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ChatApiException(PLATFORM, "object", 0, null, String.valueOf(cause), null, cause);
        }
    }

    /**
     * The prefix the server puts before an object's name in the URL it answers: the API's {@code /object/}, whose GET
     * redirects to the storage, as the official SDKs send it (without it the URL would be the bare name, which other
     * clients cannot fetch).
     */
    private String objectUrlPrefix() {
        return apiUrl + "/object/";
    }

    private CompletableFuture<ChatHttpResponse> putPart(JsonNode sign, JsonNode item, byte[] bytes, String type) {
        String url = Json.text(item, "url");
        if (url == null || url.isBlank()) {
            url = Json.text(sign, "url");
        }
        if (url == null || url.isBlank()) {
            throw new ChatApiException(PLATFORM, "POST /object/initiate_multipart_upload", 200, null,
                    "the server gave no URL to upload to", null);
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        keyValues(sign.path("query"), query);
        keyValues(item.path("query"), query);
        if (!query.isEmpty()) {
            StringBuilder q = new StringBuilder();
            query.forEach((k, values) -> values.forEach(v -> q.append(q.length() == 0 ? "" : "&").append(encode(k))
                    .append('=').append(encode(v))));
            url = url + (url.contains("?") ? "&" : "?") + q;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        keyValues(sign.path("header"), headers);
        keyValues(item.path("header"), headers);
        ChatHttpRequest put = ChatHttpRequest.put(resolve(url)).body(bytes, type)
                .header(OpenImErrors.OPERATION_ID, operationId());
        headers.forEach((k, v) -> {
            if (!v.isEmpty() && !"content-length".equalsIgnoreCase(k)) {
                put.header(k, v.get(0));
            }
        });
        return http.executeAsync(put);
    }

    /**
     * Downloads an object: a name (or an {@code /object/<name>} URL of the API) through {@code /object/access_url},
     * which answers the storage's URL; any other URL as is. The token goes to the API only, never to the storage;
     * redirects of the storage are followed (three at most) without it.
     */
    public byte[] download(String urlOrName) {
        // every call on this thread with the blocking client: the wait never depends on the shared pool, on which an
        // attachment of an asynchronous send is loaded
        CompletableFuture<byte[]> done;
        try {
            done = ChatAsync.whileCallerWaits(() -> downloadAsync(urlOrName));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return await(done);
    }

    /** {@link #download} without blocking. */
    public CompletableFuture<byte[]> downloadAsync(String urlOrName) {
        String url = urlOrName.trim();
        String objectPrefix = apiUrl + "/object/";
        if (!url.contains("://") || url.startsWith(objectPrefix)) {
            String name = url.startsWith(objectPrefix) ? url.substring(objectPrefix.length()) : url;
            int q = name.indexOf('?');
            name = q >= 0 ? name.substring(0, q) : name;
            name = name.startsWith("/") ? name.substring(1) : name;
            return postAsync("/object/access_url", Json.MAPPER.createObjectNode().put("name", name), true)
                    .thenCompose(answer -> {
                        String access = Json.text(answer, "url");
                        if (access == null || access.isBlank()) {
                            throw new ChatApiException(PLATFORM, "POST /object/access_url", 200, null,
                                    "the server gave no URL for the object", null);
                        }
                        return fetch(resolve(access), 0);
                    });
        }
        return fetch(url, 0);
    }

    /** GETs an object's URL, following the storage's redirects (three at most) without a token. */
    private CompletableFuture<byte[]> fetch(String url, int hops) {
        return http.executeAsync(ChatHttpRequest.get(url).header(OpenImErrors.OPERATION_ID, operationId()))
                .thenCompose(response -> {
                    String location = response.header("location");
                    if (response.status() / 100 != 3) {
                        return CompletableFuture.completedFuture(response.body());
                    }
                    if (location == null || hops >= 3) {
                        throw new ChatApiException(PLATFORM, "GET object", response.status(), null,
                                location == null ? "a redirect without a location" : "too many redirects", null);
                    }
                    return fetch(URI.create(url).resolve(location).toString(), hops + 1);
                });
    }

    private String resolve(String url) {
        return url.contains("://") ? url : URI.create(apiUrl + "/").resolve(url).toString();
    }

    private static void keyValues(JsonNode list, Map<String, List<String>> into) {
        for (JsonNode kv : list) {
            String key = Json.text(kv, "key");
            if (key != null) {
                List<String> values = new ArrayList<>();
                kv.path("values").forEach(v -> values.add(v.asText()));
                into.put(key, values);
            }
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] part(byte[] data, int index, long partSize) {
        int from = (int) Math.min(data.length, index * partSize);
        int to = (int) Math.min(data.length, from + partSize);
        return Arrays.copyOfRange(data, from, to);
    }

    static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code call} with the API token, fetched once more when the server refuses it. */
    public <T> T withToken(Function<String, T> call) {
        return apiTokens().call(call);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(list::add);
        }
        return list;
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asLong()));
        }
        return map;
    }

    /** True when {@code e} is a token refusal (so a consumer reports re-authentication). */
    public static boolean isAuth(Throwable e) {
        return e instanceof ChatAuthException;
    }

    @Override
    public void close() {
        http.close();
    }
}
