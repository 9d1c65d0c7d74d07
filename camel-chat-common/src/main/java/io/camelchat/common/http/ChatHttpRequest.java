package io.camelchat.common.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.camelchat.common.Json;

/**
 * One call to a platform API. GET and DELETE are idempotent by default; a POST is retried after a 5xx only when it is
 * marked {@link #idempotent(boolean) idempotent} (a look-up, or a send carrying the platform's idempotency key).
 * Rate-limit rejections are retried for every request, since the platform did not carry them out.
 */
public final class ChatHttpRequest {

    /** One part of a multipart body: a file when {@code fileName} is set, else a text field. */
    public record Part(String name, String fileName, String contentType, byte[] data) {
        public static Part text(String name, String value) {
            return new Part(name, null, "text/plain; charset=UTF-8", value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String fileName, String contentType, byte[] data) {
            return new Part(name, fileName == null ? "file" : fileName, contentType, data);
        }
    }

    /**
     * Headers computed again before every attempt of a call, retries included: a signature over a timestamp and a
     * nonce must be fresh each time.
     */
    @FunctionalInterface
    public interface Signer {
        /** The headers to add to this attempt of {@code request}. */
        Map<String, String> headers(ChatHttpRequest request);
    }

    private final String method;
    private final String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;
    private String contentType;
    private List<Part> parts;
    private boolean idempotent;
    private boolean retryOnRateLimit = true;
    private Duration responseTimeout;
    private Signer signer;

    private ChatHttpRequest(String method, String url) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.idempotent = "GET".equals(method) || "DELETE".equals(method) || "PUT".equals(method)
                || "HEAD".equals(method);
    }

    public static ChatHttpRequest get(String url) {
        return new ChatHttpRequest("GET", url);
    }

    public static ChatHttpRequest post(String url) {
        return new ChatHttpRequest("POST", url);
    }

    public static ChatHttpRequest put(String url) {
        return new ChatHttpRequest("PUT", url);
    }

    public static ChatHttpRequest patch(String url) {
        return new ChatHttpRequest("PATCH", url);
    }

    public static ChatHttpRequest delete(String url) {
        return new ChatHttpRequest("DELETE", url);
    }

    public static ChatHttpRequest of(String method, String url) {
        return new ChatHttpRequest(method.toUpperCase(Locale.ROOT), url);
    }

    public ChatHttpRequest header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    /** A JSON body: a String is sent as is, anything else is serialized with Jackson. */
    public ChatHttpRequest json(Object value) {
        this.body = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.writeBytes(value);
        this.contentType = "application/json; charset=UTF-8";
        return this;
    }

    /**
     * The body as bytes.
     *
     * @param contentType its media type, or null to send no {@code Content-Type} header at all (what presigned storage
     *                    URLs signed with an empty content type expect)
     */
    public ChatHttpRequest body(byte[] bytes, String contentType) {
        this.body = bytes;
        this.contentType = contentType;
        return this;
    }

    public ChatHttpRequest multipart(List<Part> parts) {
        this.parts = new ArrayList<>(parts);
        return this;
    }

    public ChatHttpRequest idempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    /** A response timeout for this call only (long polls), instead of the client's. */
    public ChatHttpRequest responseTimeout(Duration timeout) {
        this.responseTimeout = timeout;
        return this;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Signs every attempt of this call (see {@link Signer}). */
    public ChatHttpRequest signer(Signer signer) {
        this.signer = signer;
        return this;
    }

    public Signer signer() {
        return signer;
    }

    public ChatHttpRequest retryOnRateLimit(boolean retry) {
        this.retryOnRateLimit = retry;
        return this;
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public byte[] body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    public List<Part> parts() {
        return parts;
    }

    public boolean isIdempotent() {
        return idempotent;
    }

    public boolean isRetryOnRateLimit() {
        return retryOnRateLimit;
    }

    /** {@code METHOD /path}: how errors and logs name the call. The query (which may hold a token) is left out. */
    public String operation() {
        String path;
        try {
            path = URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            int q = url.indexOf('?');
            path = q < 0 ? url : url.substring(0, q);
        }
        return method + " " + path;
    }

    @Override
    public String toString() {
        return operation();
    }
}
