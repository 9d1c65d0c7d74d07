package io.camelchat.simulator.symphony;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimResponse;

/**
 * Symphony's answer shapes ({@code {"code":<status>,"message":...}} errors, empty 204 answers), the 4xx exception
 * handlers throw from deep inside, and the random ids of the simulator.
 */
final class SymphonyErrors {

    static final SecureRandom RANDOM = new SecureRandom();

    private SymphonyErrors() {
    }

    /** A 4xx answer thrown from deep inside a handler; the HTTP layer turns it into {@link #error}. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static SimResponse error(int status, String message) {
        return SimResponse.json(status, Json.write(Map.of("code", status, "message", message)));
    }

    static SimResponse noContent() {
        return SimResponse.bytes(204, null, new byte[0]);
    }

    static CompletionStage<SimResponse> now(SimResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    /** A new URL-safe id (25 random bytes, no padding, 34 characters), like Symphony stream and message ids. */
    static String newId() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(25));
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
