package io.camelchat.difft.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;

/**
 * The Difft bot open API, one method per call: every call signed (reference section 2) afresh on each attempt, sends
 * and file calls through the app's {@link DifftSendGate} (section 10), answers checked by {@link DifftErrors}.
 */
public final class DifftClient implements AutoCloseable {

    /** JSON bodies are sent with exactly this Content-Type, which is signed. */
    public static final String JSON = "application/json";

    /** An uploaded (or already stored) attachment: what a message's {@code msg.attachment} needs. */
    public record Upload(JsonNode authorizeId, String key, String fileHash, String cipherHash, long fileSize,
            boolean existed) {
        /** The message descriptor of this upload. */
        public DifftAttachment attachment(String contentType, String fileName) {
            return new DifftAttachment(contentType, authorizeId, key, fileSize, fileName, cipherHash, null);
        }

        @Override
        public String toString() {
            return "Upload[authorizeId " + (authorizeId == null ? null : authorizeId.asText()) + ", " + fileSize
                   + " bytes, existed " + existed + "]";
        }
    }

    private final ChatHttpClient http;
    private final String apiUrl;
    private final String appId;
    private final String secret;
    private final String botId;
    private final Duration sendInterval;
    private final DifftSendGate gate;

    public DifftClient(ChatHttpClient http, String apiUrl, String appId, String secret, String botId,
                       Duration sendInterval) {
        this.http = Objects.requireNonNull(http, "http");
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.secret = Objects.requireNonNull(secret, "appSecret");
        this.botId = botId;
        this.sendInterval = sendInterval == null ? Duration.ZERO : sendInterval;
        this.gate = DifftSendGate.of(apiUrl, appId);
    }

    public ChatHttpClient http() {
        return http;
    }

    /** The app's send gate (shared by every endpoint of the app). */
    public DifftSendGate gate() {
        return gate;
    }

    public String botId() {
        if (botId == null || botId.isBlank()) {
            throw new IllegalArgumentException("Difft needs the option botId: the bot's own wuid");
        }
        return botId;
    }

    public String apiUrl() {
        return apiUrl;
    }

    // ------------------------------------------------------------------ signing

    private ChatHttpRequest signedGet(String path, Map<String, String> query) {
        return ChatHttpRequest.get(apiUrl + path + queryString(query)).signer(this::sign);
    }

    private ChatHttpRequest signedPost(String path, Object body) {
        byte[] bytes = Json.writeBytes(body);
        return ChatHttpRequest.post(apiUrl + path).body(bytes, JSON).signer(this::sign);
    }

    private Map<String, String> sign(ChatHttpRequest request) {
        byte[] body = request.body();
        Map<String, String> signed = body == null ? Map.of() : DifftSignatures.bodyHeaders(body, request.contentType());
        return DifftSignatures.sign(appId, secret, request.method(), request.url(), signed, body);
    }

    /** {@code ?a=1&b=2}, values percent-encoded ({@code +} as {@code %2B}), or empty. */
    static String queryString(Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        query.forEach((k, v) -> {
            if (v != null) {
                sb.append(sb.length() == 0 ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return sb.toString();
    }

    private JsonNode call(ChatHttpRequest request) {
        ChatHttpResponse response = http.execute(request);
        return response.json();
    }

    private CompletableFuture<JsonNode> callAsync(ChatHttpRequest request) {
        return http.executeAsync(request).thenApply(ChatHttpResponse::json);
    }

    /** A call through the send gate: its turn is a timer, the call asynchronous. */
    private CompletableFuture<JsonNode> gatedAsync(ChatHttpRequest request) {
        return gate.runAsync(sendInterval, () -> callAsync(request));
    }

    // ------------------------------------------------------------------ messages

    /**
     * Sends a {@code /v1/messages} request as is, through the send gate, without blocking: the turn at the gate is a
     * timer, the call asynchronous. Never retried after a 5xx or a timeout, since Difft has no idempotency key. The
     * answer: {@code status}, {@code errors}, {@code refID}.
     */
    public CompletableFuture<JsonNode> sendAsync(ObjectNode message) {
        return gatedAsync(signedPost("/v1/messages", message));
    }

    /** A timestamp for a new message of this app, never one handed out before. */
    public long nextTimestamp() {
        return gate.nextTimestamp();
    }

    // ------------------------------------------------------------------ directory

    /** {@code GET /v1/accounts?wuid=...&operator=bot}, asynchronously: the {@code data} of the answer. */
    public CompletableFuture<JsonNode> accountsByWuid(List<String> wuids) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("wuid", String.join(",", wuids));
        q.put("operator", botId());
        return callAsync(signedGet("/v1/accounts", q)).thenApply(DifftClient::data);
    }

    /** {@code GET /v1/accounts?email=...&operator=bot}, asynchronously: the {@code data} of the answer. */
    public CompletableFuture<JsonNode> accountsByEmail(List<String> emails) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("email", String.join(",", emails));
        q.put("operator", botId());
        return callAsync(signedGet("/v1/accounts", q)).thenApply(DifftClient::data);
    }

    /**
     * {@code GET /v1/groups?operator=bot}, asynchronously: the groups the bot is a member of ({@code data.groups}, or
     * empty).
     */
    public CompletableFuture<JsonNode> groups() {
        return callAsync(signedGet("/v1/groups", Map.of("operator", botId()))).thenApply(answer -> {
            JsonNode groups = data(answer).get("groups");
            return groups == null || groups.isNull() ? Json.MAPPER.createArrayNode() : groups;
        });
    }

    /** {@code GET /v1/groups/members?operator=bot&gid=...}, asynchronously: the {@code data} (members, name). */
    public CompletableFuture<JsonNode> groupMembers(String gid) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("operator", botId());
        q.put("gid", gid);
        return callAsync(signedGet("/v1/groups/members", q)).thenApply(DifftClient::data);
    }

    private static JsonNode data(JsonNode answer) {
        JsonNode data = answer.get("data");
        return data == null || data.isNull() ? Json.MAPPER.createObjectNode() : data;
    }

    // ------------------------------------------------------------------ files

    /**
     * Encrypts and uploads a file authorized for {@code gids} and {@code numbers} (section 7.2): isExists, then (when
     * the server does not hold the file yet) the unsigned PUT of the blob and uploadInfo; one after the other, without
     * blocking (the signed calls through the send gate). The file is encrypted on the calling thread.
     */
    public CompletableFuture<Upload> upload(byte[] plaintext, List<String> gids, List<String> numbers) {
        DifftAttachmentCrypto.Encrypted enc = DifftAttachmentCrypto.encrypt(plaintext);
        String key = enc.keyBase64();
        ObjectNode exists = Json.MAPPER.createObjectNode();
        exists.put("wuid", botId());
        exists.put("fileHash", enc.fileHash());
        exists.put("fileSize", enc.fileSize());
        exists.set("gids", array(gids));
        exists.set("numbers", array(numbers));
        return gatedAsync(signedPost("/v1/file/isExists", exists)).thenApply(DifftClient::data).thenCompose(data -> {
            if (data.path("exists").asBoolean(false)) {
                return CompletableFuture.completedFuture(new Upload(requireAuthorizeId(data, "POST /v1/file/isExists"),
                        key, enc.fileHash(), Json.text(data, "cipherHash"), enc.fileSize(), true));
            }
            String url = Json.text(data, "url");
            String attachmentId = Json.text(data, "attachmentId");
            if (url == null || url.isBlank() || attachmentId == null) {
                throw new ChatApiException(DifftErrors.PLATFORM, "POST /v1/file/isExists", 200, null,
                        "the answer has neither exists nor an upload url and attachmentId", null);
            }
            // no Content-Type, as the SDKs: a presigned URL may sign the (empty) content type
            return http.executeAsync(ChatHttpRequest.put(url).body(enc.blob(), null))
                    .thenCompose(stored -> uploadInfo(enc, key, attachmentId, gids, numbers));
        });
    }

    private CompletableFuture<Upload> uploadInfo(DifftAttachmentCrypto.Encrypted enc, String key, String attachmentId,
                                                 List<String> gids, List<String> numbers) {
        ObjectNode info = Json.MAPPER.createObjectNode();
        info.put("wuid", botId());
        info.put("fileHash", enc.fileHash());
        info.put("attachmentId", attachmentId);
        info.put("fileSize", enc.fileSize());
        info.put("hashAlg", DifftAttachmentCrypto.HASH_ALG);
        info.put("keyAlg", DifftAttachmentCrypto.KEY_ALG);
        info.put("encAlg", DifftAttachmentCrypto.ENC_ALG);
        info.put("cipherHash", enc.cipherHash());
        info.put("cipherHashType", DifftAttachmentCrypto.CIPHER_HASH_TYPE);
        info.set("gids", array(gids));
        info.set("numbers", array(numbers));
        return gatedAsync(signedPost("/v1/file/uploadInfo", info)).thenApply(DifftClient::data)
                .thenApply(confirmed -> new Upload(requireAuthorizeId(confirmed, "POST /v1/file/uploadInfo"), key,
                        enc.fileHash(), enc.cipherHash(), enc.fileSize(), false));
    }

    /**
     * Authorizes more recipients for a stored file (section 7.4, isExists of a known file), asynchronously; the future
     * holds the new authorizeId.
     */
    public CompletableFuture<JsonNode> authorize(String fileHash, long fileSize, List<String> gids,
                                                 List<String> numbers) {
        ObjectNode exists = Json.MAPPER.createObjectNode();
        exists.put("wuid", botId());
        exists.put("fileHash", fileHash);
        exists.put("fileSize", fileSize);
        exists.set("gids", array(gids));
        exists.set("numbers", array(numbers));
        return gatedAsync(signedPost("/v1/file/isExists", exists)).thenApply(DifftClient::data).thenApply(data -> {
            if (!data.path("exists").asBoolean(false)) {
                throw new ChatApiException(DifftErrors.PLATFORM, "POST /v1/file/isExists", 200, null,
                        "file not exist: upload it first", null);
            }
            return requireAuthorizeId(data, "POST /v1/file/isExists");
        });
    }

    /** Removes authorizations of a file ({@code /v1/file/delAuthorize}), asynchronously; fails when Difft refuses. */
    public CompletableFuture<Void> unauthorize(String fileHash, List<JsonNode> authorizeIds) {
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("wuid", botId());
        ArrayNode infos = req.putArray("delAuthorizeInfos");
        ObjectNode info = infos.addObject();
        info.put("fileHash", fileHash);
        ArrayNode ids = info.putArray("authorizeIds");
        authorizeIds.forEach(ids::add);
        return callAsync(signedPost("/v1/file/delAuthorize", req)).thenApply(answer -> null);
    }

    /**
     * Downloads an attachment and returns its plaintext once its MAC and digest are checked (section 7.3).
     *
     * @throws DifftAttachmentException when the file was changed (no bytes are returned then)
     */
    public byte[] download(DifftAttachment attachment) {
        byte[] key = downloadKey(attachment);
        String url = attachment.url();
        if (url == null || url.isBlank()) {
            url = downloadUrl(call(downloadRequest(attachment, key)));
        }
        byte[] blob = http.execute(ChatHttpRequest.get(url)).body();
        return DifftAttachmentCrypto.decrypt(blob, key, attachment.digest());
    }

    /** {@link #download}, asynchronously (the decryption runs on the thread that completes the call). */
    public CompletableFuture<byte[]> downloadAsync(DifftAttachment attachment) {
        byte[] key = downloadKey(attachment);
        String known = attachment.url();
        CompletableFuture<String> url = known != null && !known.isBlank() ? CompletableFuture.completedFuture(known)
                : callAsync(downloadRequest(attachment, key)).thenApply(DifftClient::downloadUrl);
        return url.thenCompose(u -> http.executeAsync(ChatHttpRequest.get(u)))
                .thenApply(blob -> DifftAttachmentCrypto.decrypt(blob.body(), key, attachment.digest()));
    }

    private static byte[] downloadKey(DifftAttachment attachment) {
        byte[] key = DifftAttachmentCrypto.decodeKey(attachment.key());
        if (attachment.digest() == null || attachment.digest().isBlank()) {
            throw new DifftAttachmentException("The attachment has no digest to check the download against");
        }
        String url = attachment.url();
        if ((url == null || url.isBlank()) && attachment.authorizeId() == null) {
            throw new IllegalArgumentException("The attachment has neither an authorizeId nor a url");
        }
        return key;
    }

    private ChatHttpRequest downloadRequest(DifftAttachment attachment, byte[] key) {
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("wuid", botId());
        req.put("fileHash", DifftAttachmentCrypto.fileHash(key));
        req.set("authorizeId", attachment.authorizeId());
        return signedPost("/v1/file/download", req).idempotent(true);
    }

    private static String downloadUrl(JsonNode answer) {
        String url = Json.text(data(answer), "url");
        if (url == null || url.isBlank()) {
            throw new ChatApiException(DifftErrors.PLATFORM, "POST /v1/file/download", 200, null,
                    "the answer has no url", null);
        }
        return url;
    }

    private static JsonNode requireAuthorizeId(JsonNode data, String operation) {
        JsonNode id = data.get("authorizeId");
        if (id == null || id.isNull() || id.asText().isEmpty()) {
            throw new ChatApiException(DifftErrors.PLATFORM, operation, 200, null, "the answer has no authorizeId",
                    null);
        }
        return id;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        if (values != null) {
            values.forEach(a::add);
        }
        return a;
    }

    /** The {@code X-Signature-*} headers of a websocket upgrade to {@code wsUrl}, freshly signed. */
    public Map<String, String> websocketHeaders(String wsUrl) {
        return DifftSignatures.signWebsocket(appId, secret, wsUrl);
    }

    @Override
    public void close() {
        http.close();
    }
}
