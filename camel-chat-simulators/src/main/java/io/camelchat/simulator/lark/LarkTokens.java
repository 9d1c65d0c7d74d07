package io.camelchat.simulator.lark;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.lark.LarkErrors.error;

/**
 * Lark's self-built app tokens: the {@code tenant_access_token/internal} and {@code app_access_token/internal}
 * endpoints (a token with more than {@code tokenReissueThreshold} left is handed out again) and the bearer token check
 * of {@code /open-apis/**} calls with Lark's token error codes.
 */
final class LarkTokens {

    private record Token(String value, char kind, Instant expiresAt) {
    }

    private final LarkSettings settings;
    private final Object lock = new Object();
    private final Map<String, Token> tokens = new HashMap<>();
    private Token currentTenant;
    private Token currentApp;
    private int issuances;

    LarkTokens(LarkSettings settings) {
        this.settings = settings;
    }

    /** {@code POST /open-apis/auth/v3/tenant_access_token/internal} ({@code app} false) or {@code app_access_token}. */
    SimResponse tokenEndpoint(SimRequest r, boolean app) {
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !settings.appId().equals(body.get("app_id"))) {
            return LarkErrors.answer(400, 10003, "invalid param", null);
        }
        if (!settings.appSecret().equals(body.get("app_secret"))) {
            return LarkErrors.answer(400, 10014, "app secret invalid", null);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", 0);
        m.put("msg", "ok");
        synchronized (lock) {
            Instant now = Instant.now();
            if (app) {
                currentApp = reuseOrIssue(currentApp, 'a', now);
                m.put("app_access_token", currentApp.value());
            }
            currentTenant = reuseOrIssue(currentTenant, 't', now);
            m.put("tenant_access_token", currentTenant.value());
            Token shown = app ? currentApp : currentTenant;
            m.put("expire", Math.max(0, Duration.between(now, shown.expiresAt()).toSeconds()));
            issuances++;
        }
        return SimResponse.json(200, Json.write(m));
    }

    /** Lock held. */
    private Token reuseOrIssue(Token current, char kind, Instant now) {
        if (current != null && tokens.containsKey(current.value())
                && Duration.between(now, current.expiresAt()).compareTo(settings.tokenReissueThreshold()) > 0) {
            return current;
        }
        String v = kind + "-g" + HexFormat.of().formatHex(LarkErrors.randomBytes(19)).toUpperCase();
        Token t = new Token(v, kind, now.plus(settings.tokenTtl()));
        tokens.put(v, t);
        return t;
    }

    /** The error answer when the request does not carry a valid tenant access token, else {@code null}. */
    SimResponse checkTenantToken(SimRequest r) {
        int status = settings.tokenErrorStatus();
        String h = r.header("Authorization");
        String token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
        if (token.isEmpty()) {
            return error(status, LarkErrors.CODE_MISSING_TOKEN,
                    "Missing access token for authorization. Please make a request with token attached.");
        }
        if (token.startsWith("u-")) {
            return error(status, LarkErrors.CODE_INVALID_USER_TOKEN, "Invalid access token for authorization. "
                                                                     + "Please make a request with token attached.");
        }
        if (!token.startsWith("t-") && !token.startsWith("a-")) {
            return error(status, LarkErrors.CODE_TOKEN_FORMAT, "Invalid access token format.");
        }
        boolean valid;
        synchronized (lock) {
            Token t = tokens.get(token);
            valid = t != null && Instant.now().isBefore(t.expiresAt());
        }
        if (token.startsWith("a-") && !valid) {
            return error(status, LarkErrors.CODE_INVALID_APP_TOKEN, "Invalid app_access_token.");
        }
        if (!valid || token.startsWith("a-")) {
            return error(status, LarkErrors.CODE_INVALID_TENANT_TOKEN,
                    "Invalid access token for authorization. Please make a request with token attached.");
        }
        return null;
    }

    /** Forgets every token issued so far. */
    void revokeAll() {
        synchronized (lock) {
            tokens.clear();
            currentTenant = null;
            currentApp = null;
        }
    }

    /** Successful token answers. */
    int issuances() {
        synchronized (lock) {
            return issuances;
        }
    }
}
