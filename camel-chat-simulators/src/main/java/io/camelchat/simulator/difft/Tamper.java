package io.camelchat.simulator.difft;

/**
 * How {@link DifftSimulator#postWebhook} spoils a webhook call on purpose. Each variant but {@link #NONE} yields a
 * request that a verifier following reference section 2.3 (as section 9 asks of a consumer) must refuse.
 */
public enum Tamper {
    /** A correct request, signed with the app's appid and secret. */
    NONE,
    /** Correctly built, but the last hex digit of {@code X-Signature-signature} is changed. */
    BAD_SIGNATURE,
    /** Signed with another secret than the app's. */
    WRONG_SECRET,
    /** Correctly signed, but {@code X-Signature-timestamp} is ten minutes old (outside the 5 minute window). */
    STALE_TIMESTAMP,
    /** The very same signed request (same timestamp and nonce) is sent twice; the result is the second answer. */
    REPLAYED_NONCE,
    /** Correctly signed, but the {@code X-Signature-nonce} header is left out. */
    MISSING_HEADER,
    /** {@code X-Signature-appid} names an app the consumer does not know (signed with the app's secret). */
    UNKNOWN_APP,
    /** {@code X-Signature-algorithm} says {@code HmacSHA1}, while the signature is a correct HMAC-SHA256. */
    WRONG_ALGORITHM,
    /**
     * {@code X-Signature-signedHeaders} is empty and the signature (a correct HMAC) covers no headers: only the rule
     * that a body must sign {@code Content-Length} and {@code Content-Type} refuses it.
     */
    UNSIGNED_BODY_HEADERS
}
