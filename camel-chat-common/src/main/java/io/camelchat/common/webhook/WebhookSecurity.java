package io.camelchat.common.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The checks every webhook consumer makes: constant-time comparison, HMAC and digests, freshness of timestamps. */
public final class WebhookSecurity {

    private WebhookSecurity() {
    }

    /** Compares two secrets or signatures in time independent of where they differ; null never matches. */
    public static boolean constantTimeEquals(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static String hmacSha256Base64(String key, String data) {
        return Base64.getEncoder().encodeToString(
                hmacSha256(key.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8)));
    }

    public static String sha1Hex(String data) {
        return digestHex("SHA-1", data);
    }

    public static String sha256Hex(String data) {
        return digestHex("SHA-256", data);
    }

    private static String digestHex(String algorithm, String data) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /**
     * Whether {@code epochMillis} lies within {@code tolerance} of now, either way.
     */
    public static boolean isFresh(long epochMillis, Duration tolerance, Clock clock) {
        long skew = Math.abs(clock.millis() - epochMillis);
        return skew <= tolerance.toMillis();
    }

    /** Parses a decimal timestamp; seconds are told from milliseconds by size. Returns -1 when not a number. */
    public static long parseEpochMillis(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        try {
            long v = Long.parseLong(text.trim());
            return v < 100_000_000_000L ? v * 1000 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
