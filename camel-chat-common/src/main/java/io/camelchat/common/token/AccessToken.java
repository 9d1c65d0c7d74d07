package io.camelchat.common.token;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token and the instant it stops being valid. {@link #toString()} never shows the value.
 *
 * @param value     the token
 * @param expiresAt when the platform stops accepting it
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
