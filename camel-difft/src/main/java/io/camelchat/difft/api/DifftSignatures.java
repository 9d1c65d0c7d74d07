package io.camelchat.difft.api;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Difft's request signatures (reference section 2): the six {@code X-Signature-*} headers over a canonical request
 * string, HMAC-SHA256 keyed with the UTF-8 bytes of the app secret. One class signs REST calls and the websocket
 * upgrade, and verifies the same scheme on received webhook callbacks (section 9), so that both directions agree.
 * <p>
 * Canonical request: {@code METHOD;PATH;[QUERY;][HEADERS;]BODY} where QUERY is the percent-decoded query sorted by name
 * ({@code name=value} joined with commas, empty values dropped, {@code +} read as a space) and HEADERS the signed
 * headers sorted by name as written, each {@code lowercase(name)=value}. String to sign:
 * {@code appid;timestamp;nonce;} followed by the canonical request. Nothing here ever puts the secret or an expected
 * signature into a message.
 */
public final class DifftSignatures {

    public static final String APPID = "X-Signature-appid";
    public static final String TIMESTAMP = "X-Signature-timestamp";
    public static final String NONCE = "X-Signature-nonce";
    public static final String ALGORITHM = "X-Signature-algorithm";
    public static final String SIGNED_HEADERS = "X-Signature-signedHeaders";
    public static final String SIGNATURE = "X-Signature-signature";
    /** The only algorithm Difft names. */
    public static final String HMAC_SHA256 = "HmacSHA256";
    /** The headers signed on a request with a body, in the order the SDK lists them. */
    public static final List<String> BODY_HEADERS = List.of("Content-Length", "Content-Type");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private DifftSignatures() {
    }

    /** A fresh nonce: 16 random bytes as 32 lowercase hex characters (a UUIDv4 without dashes, as the SDK makes). */
    public static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        return HEX.formatHex(b);
    }

    /**
     * The six headers of a signed request, with a fresh timestamp and nonce.
     *
     * @param url           the full URL (only its raw path and query are signed)
     * @param signedHeaders the headers to sign, name as sent to value ({@code Content-Length} and
     *                      {@code Content-Type} for a body; empty for GETs and the websocket)
     * @param body          the exact body bytes sent, or null
     */
    public static Map<String, String> sign(String appId, String secret, String method, String url,
                                           Map<String, String> signedHeaders, byte[] body) {
        return sign(appId, secret, method, url, signedHeaders, body, System.currentTimeMillis(), nonce());
    }

    /** {@link #sign(String, String, String, String, Map, byte[])} with a given timestamp and nonce (tests). */
    public static Map<String, String> sign(String appId, String secret, String method, String url,
                                           Map<String, String> signedHeaders, byte[] body, long timestamp,
                                           String nonce) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String signature = signature(secret, appId, timestamp, nonce,
                canonicalRequest(method, path, uri.getRawQuery(), signedHeaders, body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(APPID, appId);
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(NONCE, nonce);
        headers.put(ALGORITHM, HMAC_SHA256);
        headers.put(SIGNED_HEADERS, String.join(",", signedHeaders.keySet()));
        headers.put(SIGNATURE, signature);
        return headers;
    }

    /** The headers of a websocket upgrade to {@code wsUrl}: {@code GET;<path>;}, nothing signed besides. */
    public static Map<String, String> signWebsocket(String appId, String secret, String wsUrl) {
        return sign(appId, secret, "GET", wsUrl, Map.of(), null);
    }

    /** {@code Content-Length} and {@code Content-Type} of a body, to sign (the values must be those sent). */
    public static Map<String, String> bodyHeaders(byte[] body, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Length", Integer.toString(body.length));
        h.put("Content-Type", contentType);
        return h;
    }

    /**
     * The canonical request: {@code METHOD;PATH;[QUERY;][HEADERS;]} followed by the body bytes.
     *
     * @param rawQuery the query as sent (percent-encoded), or null
     */
    public static byte[] canonicalRequest(String method, String rawPath, String rawQuery,
                                          Map<String, String> signedHeaders, byte[] body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method.toUpperCase(Locale.ROOT)).append(';').append(rawPath).append(';');
        String query = canonicalQuery(rawQuery);
        if (!query.isEmpty()) {
            sb.append(query).append(';');
        }
        String headers = canonicalHeaders(signedHeaders);
        if (!headers.isEmpty()) {
            sb.append(headers).append(';');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /**
     * The query as signed: decoded, parameters without a value dropped, sorted by name (values of one name in their
     * order), {@code name=value} joined with commas.
     */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, List<String>> byName = new TreeMap<>();
        for (String pair : rawQuery.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!value.isEmpty()) {
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        List<String> parts = new ArrayList<>();
        byName.forEach((name, values) -> values.forEach(v -> parts.add(name + "=" + v)));
        return String.join(",", parts);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The signed headers sorted by their name as written, each {@code lowercase(name)=value}, joined with commas. */
    public static String canonicalHeaders(Map<String, String> signedHeaders) {
        if (signedHeaders == null || signedHeaders.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>(signedHeaders.keySet());
        names.sort(null);
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            parts.add(name.toLowerCase(Locale.ROOT) + "=" + signedHeaders.get(name));
        }
        return String.join(",", parts);
    }

    /** Lowercase hex HMAC-SHA256 of {@code appid;timestamp;nonce;} and the canonical request. */
    public static String signature(String secret, String appId, long timestamp, String nonce,
                                   byte[] canonicalRequest) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8),
                    HMAC_SHA256));
            mac.update((appId + ";" + timestamp + ";" + nonce + ";").getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(mac.doFinal(canonicalRequest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    // ------------------------------------------------------------------ verification

    /**
     * The outcome of {@link #verify}: {@code problem} is null when the signature holds. The problem text names what
     * is wrong, never the secret or the expected signature; {@code stale} marks a timestamp out of the window.
     */
    public record Verification(String problem, boolean stale, String appId, long timestamp, String nonce) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * Verifies a signed request (a webhook callback) as reference section 2.3 says, except the nonce replay check,
     * which the caller makes with the returned nonce once the signature holds (e.g. with
     * {@link io.camelchat.common.webhook.ReplayGuard}).
     *
     * @param expectedAppId the app's appid; the request must name it
     * @param method        the request's method
     * @param rawPath       the path as received
     * @param rawQuery      the query as received (percent-encoded), or null
     * @param header        looks a request header up, case-insensitively; null when absent
     * @param body          the body bytes as received (empty or null for none)
     * @param nowMillis     the current time
     * @param toleranceMillis how far the timestamp may be from now
     */
    public static Verification verify(String expectedAppId, String secret, String method, String rawPath,
                                      String rawQuery, Function<String, String> header, byte[] body, long nowMillis,
                                      long toleranceMillis) {
        String appId = header.apply(APPID);
        String ts = header.apply(TIMESTAMP);
        String nonce = header.apply(NONCE);
        String algorithm = header.apply(ALGORITHM);
        String signedHeaders = header.apply(SIGNED_HEADERS);
        String signature = header.apply(SIGNATURE);
        if (blank(appId) || blank(ts) || blank(nonce) || blank(algorithm) || signedHeaders == null
                || blank(signature)) {
            return new Verification("missing X-Signature headers", false, appId, 0, nonce);
        }
        if (!MessageDigest.isEqual(appId.getBytes(StandardCharsets.UTF_8),
                Objects.requireNonNull(expectedAppId, "appId").getBytes(StandardCharsets.UTF_8))) {
            return new Verification("unknown appid", false, appId, 0, nonce);
        }
        if (!HMAC_SHA256.equals(algorithm)) {
            return new Verification("unsupported algorithm", false, appId, 0, nonce);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            return new Verification("timestamp is not a number", false, appId, 0, nonce);
        }
        if (Math.abs(nowMillis - timestamp) > toleranceMillis) {
            return new Verification("timestamp out of the accepted window", true, appId, timestamp, nonce);
        }
        boolean hasBody = body != null && body.length > 0;
        Map<String, String> signed = new LinkedHashMap<>();
        if (!signedHeaders.isBlank()) {
            for (String name : signedHeaders.split(",")) {
                String n = name.trim();
                String value = header.apply(n);
                if (n.isEmpty() || value == null) {
                    return new Verification("a signed header is missing", false, appId, timestamp, nonce);
                }
                signed.put(n, value);
            }
        }
        if (hasBody) {
            for (String required : BODY_HEADERS) {
                if (signed.keySet().stream().noneMatch(required::equalsIgnoreCase)) {
                    return new Verification("Content-Length and Content-Type must be signed", false, appId,
                            timestamp, nonce);
                }
            }
        }
        byte[] crs = canonicalRequest(method, rawPath, rawQuery, signed, hasBody ? body : null);
        String expected = signature(secret, appId, timestamp, nonce, crs);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return new Verification("invalid signature", false, appId, timestamp, nonce);
        }
        return new Verification(null, false, appId, timestamp, nonce);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
