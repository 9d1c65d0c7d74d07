package io.camelchat.simulator.difft;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.camelchat.simulator.common.SimRequest;

/**
 * The server side of Difft's request signing (reference sections 2.1 to 2.3): the six {@code X-Signature-*} headers,
 * the known app id, the algorithm, the timestamp window, nonce replay, and the HMAC-SHA256 over the canonical request
 * string compared in constant time. Thread-safe.
 */
final class DifftSignatures {

    static final String APPID = "X-Signature-appid";
    static final String TIMESTAMP = "X-Signature-timestamp";
    static final String NONCE = "X-Signature-nonce";
    static final String ALGORITHM = "X-Signature-algorithm";
    static final String SIGNED_HEADERS = "X-Signature-signedHeaders";
    static final String SIGNATURE = "X-Signature-signature";
    static final String HMAC_SHA256 = "HmacSHA256";

    /** Why a request was refused; {@code expired} selects the "signature expired" reason. */
    record Failure(boolean expired, String detail) {
    }

    private final Map<String, String> secrets;
    private final long windowMillis;
    private static final long PURGE_INTERVAL_MILLIS = 1000;

    private final Map<String, Map<String, Long>> nonces = new HashMap<>();
    private long lastPurge;

    DifftSignatures(Map<String, String> secretsByAppId, long windowMillis) {
        this.secrets = Map.copyOf(secretsByAppId);
        this.windowMillis = windowMillis;
    }

    /** Checks a request as section 2.3 says; {@code null} when it is accepted (its nonce is then remembered). */
    Failure verify(SimRequest r, long nowMillis) {
        for (String h : List.of(APPID, TIMESTAMP, NONCE, ALGORITHM, SIGNATURE)) {
            String v = r.header(h);
            if (v == null || v.isEmpty()) {
                return new Failure(false, "missing header " + h);
            }
        }
        String signedHeaders = r.header(SIGNED_HEADERS);
        if (signedHeaders == null) {
            return new Failure(false, "missing header " + SIGNED_HEADERS);
        }
        String appId = r.header(APPID);
        String secret = secrets.get(appId);
        if (secret == null) {
            return new Failure(false, "unknown appid " + appId);
        }
        if (!HMAC_SHA256.equals(r.header(ALGORITHM))) {
            return new Failure(false, "unsupported algorithm " + r.header(ALGORITHM));
        }
        long ts;
        try {
            ts = Long.parseLong(r.header(TIMESTAMP));
        } catch (NumberFormatException e) {
            return new Failure(false, "timestamp is not an integer: " + r.header(TIMESTAMP));
        }
        if (Math.abs(nowMillis - ts) > windowMillis) {
            return new Failure(true, "timestamp outside the window: " + ts + " (now " + nowMillis + ")");
        }
        List<String> signed = signedHeaders.isEmpty() ? List.of() : List.of(signedHeaders.split(",", -1));
        if (r.body().length > 0 && (!containsIgnoreCase(signed, "Content-Length")
                || !containsIgnoreCase(signed, "Content-Type"))) {
            return new Failure(false, "a request with a body must sign Content-Length and Content-Type");
        }
        List<String[]> headerPairs = new ArrayList<>();
        for (String name : signed) {
            String v = r.header(name);
            if (name.isEmpty() || v == null) {
                return new Failure(false, "signed header absent from the request: '" + name + "'");
            }
            headerPairs.add(new String[]{ name, v });
        }
        byte[] sts = stringToSign(appId, r.header(TIMESTAMP), r.header(NONCE), r.method(), rawPath(r.uri()),
                canonicalQuery(r.uri()), headerPairs, r.body());
        byte[] expected = HexFormat.of().formatHex(hmac(secret, sts)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = r.header(SIGNATURE).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Failure(false, "signature mismatch");
        }
        if (!remember(appId, r.header(NONCE), ts, nowMillis)) {
            return new Failure(true, "nonce replayed: " + r.header(NONCE));
        }
        return null;
    }

    /** Remembers the nonce; {@code false} when it was seen within the window (expired ones are purged each second). */
    private synchronized boolean remember(String appId, String nonce, long ts, long now) {
        if (now - lastPurge > PURGE_INTERVAL_MILLIS) {
            lastPurge = now;
            for (Map<String, Long> seen : nonces.values()) {
                for (Iterator<Long> it = seen.values().iterator(); it.hasNext();) {
                    if (Math.abs(now - it.next()) > windowMillis) {
                        it.remove();
                    }
                }
            }
        }
        return nonces.computeIfAbsent(appId, k -> new HashMap<>()).putIfAbsent(nonce, ts) == null;
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    /** The path of a raw request URI (no query), as the client signed it. */
    static String rawPath(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /**
     * Section 2.1 QUERY: percent-decoded pairs (as Python's {@code parse_qs}: {@code +} is a space, empty values
     * dropped), stably sorted by name, rendered {@code name=value} and joined with {@code ,}.
     */
    static String canonicalQuery(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : uri.substring(q + 1).split("[&;]")) {
            int eq = part.indexOf('=');
            if (part.isEmpty() || eq < 0) {
                continue;
            }
            String name = URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            if (!value.isEmpty()) {
                pairs.add(new String[]{ name, value });
            }
        }
        pairs.sort(Comparator.comparing(p -> p[0]));
        List<String> rendered = new ArrayList<>();
        for (String[] p : pairs) {
            rendered.add(p[0] + "=" + p[1]);
        }
        return String.join(",", rendered);
    }

    /** The string to sign of section 2.2 (empty QUERY and HEADERS sections vanish, as the SDK's builder does). */
    static byte[] stringToSign(String appId, String timestamp, String nonce, String method, String path,
                               String query, List<String[]> headers, byte[] body) {
        List<String[]> sorted = new ArrayList<>(headers);
        sorted.sort(Comparator.comparing(h -> h[0]));
        List<String> rendered = new ArrayList<>();
        for (String[] h : sorted) {
            rendered.add(h[0].toLowerCase(Locale.ROOT) + "=" + h[1]);
        }
        StringBuilder sb = new StringBuilder().append(appId).append(';').append(timestamp).append(';').append(nonce)
                .append(';').append(method.toUpperCase(Locale.ROOT)).append(';').append(path).append(';');
        if (!query.isEmpty()) {
            sb.append(query).append(';');
        }
        if (!rendered.isEmpty()) {
            sb.append(String.join(",", rendered)).append(';');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
