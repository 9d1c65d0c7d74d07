package io.camelchat.simulator.openim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.camelchat.simulator.common.Json;

/**
 * Token issuance and checks as open-im-server's auth service does them: HS256 JWTs signed with the shared secret,
 * claims {@code UserID}, {@code PlatformID}, {@code exp}, {@code iat} (plus a {@code jti} of the simulator, so that two
 * tokens issued in the same second differ; the server's would be equal); user tokens are also kept in a per user and
 * platform store (normal or kicked), admin tokens are not (they cannot be kicked). A bad signature is 1505 (jwt's
 * ValidationErrorSignatureInvalid falls to TokenUnknownError in openimsdk/tools' tokenverify).
 */
final class OpenImTokens {

    /** What a valid token says. */
    record Claims(String userId, int platformId, long expiresAtSeconds, boolean admin) {
    }

    private enum State {
        NORMAL, KICKED
    }

    private final String secret;
    private final Set<String> adminUserIds;
    private final Duration ttl;
    private final Map<String, Map<String, State>> store = new HashMap<>();
    private final Set<String> forcedExpired = new HashSet<>();
    private final Set<String> issued = new HashSet<>();
    /** Per user id: the tokens issued through the token calls of the API. */
    private final Map<String, Integer> requested = new HashMap<>();

    OpenImTokens(String secret, Set<String> adminUserIds, Duration ttl) {
        this.secret = secret;
        this.adminUserIds = Set.copyOf(adminUserIds);
        this.ttl = ttl;
    }

    boolean isAdmin(String userId) {
        return adminUserIds.contains(userId);
    }

    String secret() {
        return secret;
    }

    /** Seconds a new token lives ({@code expireTimeSeconds} of the token answers). */
    long ttlSeconds() {
        return ttl.toSeconds();
    }

    /** Issues a token (admin user ids are not stored, as the server keeps no state for them). */
    synchronized String issue(String userId, int platformId) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("UserID", userId);
        claims.put("PlatformID", platformId);
        claims.put("exp", now + ttl.toSeconds());
        claims.put("iat", now - 5);
        claims.put("jti", Long.toHexString(System.nanoTime()) + Integer.toHexString(store.size()));
        String signingInput = b64(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                              + b64(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        String token = signingInput + "." + b64(hmac(signingInput));
        issued.add(token);
        if (!isAdmin(userId)) {
            store.computeIfAbsent(key(userId, platformId), k -> new LinkedHashMap<>()).put(token, State.NORMAL);
        }
        return token;
    }

    /** Issues a token asked for through the API ({@code /auth/...}), counted per user id. */
    synchronized String issueForApi(String userId, int platformId) {
        requested.merge(userId, 1, Integer::sum);
        return issue(userId, platformId);
    }

    /** How many tokens of {@code userId} were issued through the API's token calls. */
    synchronized int requested(String userId) {
        return requested.getOrDefault(userId, 0);
    }

    /** Parses and checks a token; throws {@link ImError} with 1501..1507 as the server would. */
    synchronized Claims parse(String token) {
        if (token == null || token.isEmpty()) {
            throw new ImError(ImError.TOKEN_MALFORMED, "token is empty");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new ImError(ImError.TOKEN_MALFORMED, "jwt parse error: token contains an invalid number of segments");
        }
        Map<String, Object> claims;
        try {
            Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ImError(ImError.TOKEN_MALFORMED, "jwt parse error: " + e.getMessage());
        }
        byte[] expected = hmac(parts[0] + "." + parts[1]);
        byte[] got;
        try {
            got = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new ImError(ImError.TOKEN_MALFORMED, "jwt parse error: bad signature encoding");
        }
        if (!MessageDigest.isEqual(expected, got)) {
            throw new ImError(ImError.TOKEN_UNKNOWN, "signature is invalid");
        }
        if (!(claims.get("UserID") instanceof String userId) || !(claims.get("PlatformID") instanceof Number p)
                || !(claims.get("exp") instanceof Number exp)) {
            throw new ImError(ImError.TOKEN_UNKNOWN, "claims unknown");
        }
        long now = System.currentTimeMillis() / 1000;
        if (claims.get("nbf") instanceof Number nbf && nbf.longValue() > now) {
            throw new ImError(ImError.TOKEN_NOT_VALID_YET, "token is not valid yet");
        }
        if (exp.longValue() <= now || forcedExpired.contains(token)) {
            throw new ImError(ImError.TOKEN_EXPIRED, "token is expired");
        }
        int platformId = p.intValue();
        if (isAdmin(userId)) {
            return new Claims(userId, platformId, exp.longValue(), true);
        }
        Map<String, State> tokens = store.get(key(userId, platformId));
        if (tokens == null || tokens.isEmpty()) {
            throw new ImError(ImError.TOKEN_NOT_EXIST, "");
        }
        State s = tokens.get(token);
        if (s == null) {
            throw new ImError(ImError.TOKEN_NOT_EXIST, "");
        }
        if (s == State.KICKED) {
            throw new ImError(ImError.TOKEN_KICKED, "");
        }
        return new Claims(userId, platformId, exp.longValue(), false);
    }

    /** Marks one token kicked; {@code false} when it is not a stored user token. */
    synchronized boolean kick(String token) {
        for (Map<String, State> m : store.values()) {
            if (m.containsKey(token)) {
                m.put(token, State.KICKED);
                return true;
            }
        }
        return false;
    }

    /** Marks every token of the user on the platform kicked except {@code preserved} (may be null). */
    synchronized List<String> kickAll(String userId, int platformId, String preserved) {
        List<String> kicked = new ArrayList<>();
        Map<String, State> m = store.get(key(userId, platformId));
        if (m != null) {
            m.replaceAll((t, s) -> {
                if (t.equals(preserved) || s == State.KICKED) {
                    return s;
                }
                kicked.add(t);
                return State.KICKED;
            });
        }
        return kicked;
    }

    /** From now on every token issued so far (admin tokens included) is refused as expired (1501). */
    synchronized void expireAll() {
        forcedExpired.addAll(issued);
    }

    /** From now on the token is refused as expired (1501). */
    synchronized void expire(String token) {
        forcedExpired.add(token);
    }

    private static String key(String userId, int platformId) {
        return userId + "\u0000" + platformId;
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
