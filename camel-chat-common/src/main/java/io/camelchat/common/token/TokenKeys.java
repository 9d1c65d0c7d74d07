package io.camelchat.common.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys of a {@link TokenStore} (every component's {@code tokenStore}: the identifying options are secret, e.g. Lark's
 * {@code appId}, OpenIM's user ids, Symphony's bot username): the platform and base URL as they are, the identifying values and the credentials that obtain the token
 * as a SHA-256 digest, so that the key (a database column, a cache key) shows none of them, and an endpoint with
 * other (or wrong) credentials never reads a token obtained with these.
 */
public final class TokenKeys {

    private TokenKeys() {
    }

    /**
     * {@code <platform>:<baseUrl>:<role>:<hex of SHA-256 over the ids>}.
     *
     * @param role what the token is for (e.g. {@code admin}, {@code user}, {@code session}); not a secret
     * @param ids  the values that tell apps apart (user id, platform id, ...) and the credentials; never shown in the
     *             key
     */
    public static String hashed(String platform, String baseUrl, String role, Object... ids) {
        StringBuilder joined = new StringBuilder();
        for (Object id : ids) {
            // length-prefixed, so that ("ab", "c") and ("a", "bc") differ
            String s = String.valueOf(id);
            joined.append(s.length()).append(':').append(s);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(joined.toString().getBytes(StandardCharsets.UTF_8));
            return platform + ":" + baseUrl + ":" + role + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
