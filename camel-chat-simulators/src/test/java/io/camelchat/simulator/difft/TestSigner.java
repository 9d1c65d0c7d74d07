package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A bare Difft client written from the reference's client rules (sections 2.1 and 2.2), independent of the simulator's
 * verifier: it builds the canonical request string, signs it and sends the request with the JDK HTTP client.
 */
final class TestSigner {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String appId;
    final String secret;

    TestSigner(String appId, String secret) {
        this.appId = appId;
        this.secret = secret;
    }

    /** The headers a request carries: six X-Signature-* plus Content-Type when there is a body. */
    record Signed(Map<String, String> headers, String stringToSign) {
    }

    /**
     * Signs as the Python SDK: {@code query} is the already decoded {@code name -> value} map (sorted here);
     * {@code body} null: no body and no signed headers.
     */
    Signed sign(String method, String path, Map<String, String> query, byte[] body, long ts, String nonce) {
        StringBuilder crs = new StringBuilder(method).append(';').append(path).append(';');
        List<String> q = new ArrayList<>();
        new TreeMap<>(query).forEach((k, v) -> q.add(k + "=" + v));
        if (!q.isEmpty()) {
            crs.append(String.join(",", q)).append(';');
        }
        String signedHeaders = "";
        if (body != null) {
            crs.append("content-length=").append(body.length).append(",content-type=application/json;");
            signedHeaders = "Content-Length,Content-Type";
        }
        String prefix = appId + ";" + ts + ";" + nonce + ";" + crs;
        byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] data = body == null ? prefixBytes : concat(prefixBytes, body);
        String sig = HexFormat.of().formatHex(hmac(secret, data));
        Map<String, String> h = new TreeMap<>();
        h.put("X-Signature-appid", appId);
        h.put("X-Signature-timestamp", Long.toString(ts));
        h.put("X-Signature-nonce", nonce);
        h.put("X-Signature-algorithm", "HmacSHA256");
        h.put("X-Signature-signedHeaders", signedHeaders);
        h.put("X-Signature-signature", sig);
        return new Signed(h, body == null ? prefix : prefix + new String(body, StandardCharsets.UTF_8));
    }

    static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Sends {@code headers} as given (already signed); {@code body} null: GET. */
    static HttpResponse<String> send(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Signs now with a fresh nonce and POSTs the JSON of {@code body} to {@code base + path}. */
    HttpResponse<String> post(String base, String path, Object body) {
        byte[] bytes = json(body).getBytes(StandardCharsets.UTF_8);
        return send(base + path, sign("POST", path, Map.of(), bytes, System.currentTimeMillis(), nonce()).headers(),
                bytes);
    }

    /** Signs now and GETs {@code base + path} with the query percent-encoded (the signature uses decoded values). */
    HttpResponse<String> get(String base, String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            url.append(sep).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return send(url.toString(), sign("GET", path, query, null, System.currentTimeMillis(), nonce()).headers(),
                null);
    }

    static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static String json(Object o) {
        try {
            return o instanceof String s ? s : MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hmac(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
