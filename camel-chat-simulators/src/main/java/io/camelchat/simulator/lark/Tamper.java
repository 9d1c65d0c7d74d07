package io.camelchat.simulator.lark;

/** How the webhook sender spoils a request on purpose. */
public enum Tamper {
    /** A correct request. */
    NONE,
    /** {@code X-Lark-Signature} computed with a wrong key. */
    FORGED_SIGNATURE,
    /** Correctly signed, but {@code X-Lark-Request-Timestamp} is two hours old. */
    STALE_TIMESTAMP,
    /** The verification token inside the body ({@code header.token} / {@code token}) is wrong. */
    WRONG_TOKEN,
    /** The body is not JSON (signed over the broken bytes). */
    MALFORMED_BODY,
    /** {@code encrypt} holds data encrypted with another key (correctly signed). */
    UNDECRYPTABLE,
    /** The very same request (same body, headers, nonce) is sent twice; the result is the second answer. */
    REPLAY
}
