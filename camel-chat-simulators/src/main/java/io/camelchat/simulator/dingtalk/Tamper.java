package io.camelchat.simulator.dingtalk;

/** How the webhook sender spoils a request on purpose. */
public enum Tamper {
    /** A correct request. */
    NONE,
    /** Wrong signature ({@code sign} header / {@code msg_signature} query). */
    FORGED_SIGNATURE,
    /** Correctly signed, but the timestamp is two hours old. */
    STALE_TIMESTAMP,
    /** No {@code timestamp}/{@code sign} headers (robot) or no signature query parameters (encrypted). */
    MISSING_HEADERS,
    /** The body is not JSON. */
    MALFORMED_BODY,
    /** Encrypted style only: the plaintext ends with an owner key other than the configured one. */
    WRONG_OWNER_KEY,
    /**
     * A correct request sent twice, the very same bytes (headers, query, body); the result is the second answer (the
     * first was a correct request).
     */
    REPLAY
}
