package io.camelchat.openim.stream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.Json;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.openim.api.OpenImErrors;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsRequest;
import io.camelchat.openim.gob.WsResponse;

/**
 * The client side of OpenIM's websocket gateway for one user: the connection URL, frames (gob or JSON, gzip or not),
 * and requests matched to their replies by MsgIncr. A reply with ErrCode other than 0 fails the request with OpenIM's
 * error ({@link OpenImErrors#error}: token codes as auth errors); no reply within the response timeout, or the
 * connection closing first, fails it too. Thread-safe: requests are sent from any thread, frames accepted on the I/O
 * thread.
 */
public final class OpenImGateway {

    /** ReqIdentifiers of the gateway (open-im-server internal/msggateway constants). */
    public static final int GET_NEWEST_SEQ = 1001, PULL_MSG_BY_SEQ_LIST = 1002, SEND_MSG = 1003, PUSH_MSG = 2001,
            KICK_ONLINE_MSG = 2002;

    /** What the Go SDK sends as sdkVersion is its version; this says who connects. */
    public static final String SDK_VERSION = "camel-chat-openim";

    private final String userId;
    private final OpenImFrames frames;
    private final Encoding encoding;
    private final boolean gzip;
    private final Duration responseTimeout;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    private record Pending(WebSocketConnection connection, int reqIdentifier, String operationId,
            CompletableFuture<WsResponse> future) {
    }

    public OpenImGateway(String userId, Encoding encoding, boolean gzip, int maxFrameSize, Duration responseTimeout) {
        this.userId = userId;
        this.frames = new OpenImFrames(maxFrameSize);
        this.encoding = encoding;
        this.gzip = gzip;
        this.responseTimeout = responseTimeout;
    }

    /**
     * The gateway URL with the Go SDK's query parameters (sendID, token, platformID, operationID, isBackground,
     * sdkVersion, then compression) and sdkType; values URL-encoded.
     */
    public URI url(String wsUrl, String token, int platformId) {
        StringBuilder b = new StringBuilder(wsUrl);
        b.append(wsUrl.contains("?") ? '&' : '?');
        b.append("sendID=").append(enc(userId));
        b.append("&token=").append(enc(token));
        b.append("&platformID=").append(platformId);
        b.append("&operationID=").append(enc(operationId()));
        b.append("&isBackground=false");
        b.append("&sdkVersion=").append(enc(SDK_VERSION));
        if (gzip) {
            b.append("&compression=gzip");
        }
        b.append("&sdkType=").append(encoding == Encoding.JSON ? "js" : "go");
        return URI.create(b.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** A fresh operation id (the server logs it with the request). */
    public static String operationId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The correlation key: the user, then a number unique among this client's requests (as the Go SDK's). */
    private String msgIncr() {
        return userId + "_" + System.nanoTime() + counter.incrementAndGet();
    }

    /** Sends a request; the future completes with the reply (ErrCode 0) or fails with OpenIM's error. */
    public CompletableFuture<WsResponse> request(WebSocketConnection connection, int reqIdentifier, byte[] data) {
        String operationId = operationId();
        CompletableFuture<WsResponse> future = new CompletableFuture<>();
        if (connection == null || !connection.isOpen()) {
            future.completeExceptionally(closed(reqIdentifier, operationId));
            return future;
        }
        String incr = msgIncr();
        Pending p = new Pending(connection, reqIdentifier, operationId, future);
        pending.put(incr, p);
        future.whenComplete((r, e) -> pending.remove(incr));
        byte[] frame = frames.encodeRequest(new WsRequest(reqIdentifier, "", userId, operationId, incr, data), encoding,
                gzip);
        connection.send(frame).addListener(f -> {
            if (!f.isSuccess()) {
                future.completeExceptionally(closed(reqIdentifier, operationId));
            }
        });
        return future.orTimeout(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a request and waits for its reply; the reply's Data. */
    public byte[] call(WebSocketConnection connection, int reqIdentifier, byte[] data) {
        CompletableFuture<WsResponse> f = request(connection, reqIdentifier, data);
        try {
            return f.get().data();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatApiException("openim",
                    "gateway " + reqIdentifier, 0, null, "interrupted while waiting for the answer", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ChatApiException api) {
                throw api;
            }
            if (cause instanceof TimeoutException) {
                throw new ChatApiException("openim", "gateway " + reqIdentifier, 0, null,
                        "no answer within " + responseTimeout.toMillis() + " ms", null);
            }
            throw new ChatApiException("openim", "gateway " + reqIdentifier, 0, null, String.valueOf(cause), null,
                    cause);
        }
    }

    /**
     * Decodes a binary frame. A reply to a pending request completes it and gives null; anything else (a push, a
     * kick, a reply nobody waits for any more) is returned.
     */
    public WsResponse accept(byte[] frame) throws OpenImCodecException {
        WsResponse r = frames.decodeResponse(frame, encoding, gzip);
        if (r.msgIncr().isEmpty()) {
            return r;
        }
        Pending p = pending.get(r.msgIncr());
        if (p == null) {
            return r;
        }
        if (r.errCode() != 0) {
            int code = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r.errCode()));
            p.future().completeExceptionally(OpenImErrors.error("gateway " + p.reqIdentifier(), 0, code, r.errMsg(),
                    "", p.operationId()));
        } else {
            p.future().complete(r);
        }
        return null;
    }

    /** Fails the requests waiting on {@code connection} (it closed): they are not answered any more. */
    public void connectionClosed(WebSocketConnection connection) {
        for (Pending p : pending.values()) {
            if (p.connection() == connection) {
                p.future().completeExceptionally(closed(p.reqIdentifier(), p.operationId()));
            }
        }
    }

    /** Requests waiting for their reply. */
    public int pendingCount() {
        return pending.size();
    }

    private static ChatApiException closed(int reqIdentifier, String operationId) {
        return new ChatApiException("openim", "gateway " + reqIdentifier, 0, null,
                "the gateway connection closed before the answer", operationId);
    }

    /** The gateway's refusal of a handshake: the API envelope {errCode, errMsg, errDlt} in the HTTP body. */
    public record Refusal(int errCode, String errMsg, String errDlt) {

        /** The envelope of a refused handshake's body, or code 0 when the body is not one. */
        public static Refusal parse(String body) {
            try {
                JsonNode n = body == null || body.isBlank() ? null : Json.read(body);
                if (n != null && n.isObject() && n.has("errCode")) {
                    return new Refusal(n.path("errCode").asInt(), n.path("errMsg").asText(""),
                            n.path("errDlt").asText(""));
                }
            } catch (RuntimeException e) {
                // not JSON
            }
            return new Refusal(0, "", "");
        }

        /** 1501 to 1507: the token is refused; retrying with it cannot help. */
        public boolean isTokenError() {
            return OpenImErrors.isTokenError(errCode);
        }

        @Override
        public String toString() {
            return errCode + " " + errMsg;
        }
    }
}
