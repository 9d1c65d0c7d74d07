package io.camelchat.openim.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;

/** What the component reads of an OpenIM token (a JWT) without verifying it: its expiry. */
public final class OpenImTokens {

    private OpenImTokens() {
    }

    /**
     * The expiry ({@code exp} claim) of a JWT; for anything else (or a JWT without {@code exp}) a year from now: the
     * server says when it refuses the token, and the component then fetches one when it can.
     */
    public static Instant expiry(String token) {
        Instant fallback = Instant.now().plus(365, ChronoUnit.DAYS);
        if (token == null) {
            return fallback;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return fallback;
        }
        try {
            JsonNode claims = Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            long exp = claims.path("exp").asLong(0);
            return exp > 0 ? Instant.ofEpochSecond(exp) : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
