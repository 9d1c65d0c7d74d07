package io.camelchat.common.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP callback as a webhook consumer sees it: the request path as received (when the HTTP consumer reports it),
 * headers (lower-case names), the query parameters, and the raw body bytes (signatures are computed over the bytes as
 * received).
 */
public final class WebhookRequest {

    private final String path;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final byte[] body;

    public WebhookRequest(Map<String, String> headers, String rawQuery, byte[] body) {
        this(null, headers, rawQuery, body);
    }

    /**
     * @param path the request path as the HTTP server received it (context path included, no query), or null when
     *             unknown
     */
    public WebhookRequest(String path, Map<String, String> headers, String rawQuery, byte[] body) {
        this.path = path;
        Map<String, String> h = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        }
        this.headers = Collections.unmodifiableMap(h);
        this.query = Collections.unmodifiableMap(parseQuery(rawQuery));
        this.body = body == null ? new byte[0] : body;
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The request path as received (no query), or null when the HTTP consumer did not report it. */
    public String path() {
        return path;
    }

    /** A header, case-insensitively; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String query(String name) {
        return query.get(name);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, String> queryParameters() {
        return query;
    }

    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
