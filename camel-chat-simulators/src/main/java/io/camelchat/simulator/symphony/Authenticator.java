package io.camelchat.simulator.symphony;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.symphony.SymphonyErrors.error;

/**
 * Symphony authentication: RSA (a JWT signed with the bot's key, at the pod's {@code /login} and the key manager's
 * {@code /relay}) and certificate authentication ({@code /sessionauth}, {@code /keyauth}), the session and key-manager
 * tokens they issue, and the token checks of pod and agent calls. Every attempt is recorded. Thread-safe.
 */
final class Authenticator {

    private final Object lock = new Object();
    private final SymphonySettings settings;
    private final Map<String, Long> sessionTokens = new HashMap<>();
    private final Map<String, Long> kmTokens = new HashMap<>();
    private final List<AuthRecord> auths = new ArrayList<>();

    Authenticator(SymphonySettings settings) {
        this.settings = settings;
    }

    /** Every authentication call, oldest first. */
    List<AuthRecord> records() {
        synchronized (lock) {
            return List.copyOf(auths);
        }
    }

    void clearRecords() {
        synchronized (lock) {
            auths.clear();
        }
    }

    /** Invalidates every session and key-manager token issued so far. */
    void expireAll() {
        synchronized (lock) {
            sessionTokens.clear();
            kmTokens.clear();
        }
    }

    private void record(AuthRecord r) {
        synchronized (lock) {
            auths.add(r);
        }
    }

    private Long expiry(Map<String, Long> tokens, String t) {
        synchronized (lock) {
            return tokens.get(t);
        }
    }

    /** {@code POST /login/pubkey/authenticate} ({@code km} false) or {@code /relay/pubkey/authenticate}. */
    SimResponse rsaAuth(SimRequest r, boolean km) {
        String endpoint = r.path();
        Map<String, Object> body = Json.tryParseObject(r.bodyText());
        if (body == null || !(body.get("token") instanceof String jwt)) {
            record(new AuthRecord(endpoint, null, false, "no token in body", System.currentTimeMillis()));
            return error(401, "Invalid JWT: no token");
        }
        String[] parts = jwt.split("\\.", -1);
        String sub = null;
        String reason;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a compact JWS");
            }
            Base64.Decoder dec = Base64.getUrlDecoder();
            Map<String, Object> header = Json.parseObject(new String(dec.decode(parts[0]), StandardCharsets.UTF_8));
            Map<String, Object> claims = Json.parseObject(new String(dec.decode(parts[1]), StandardCharsets.UTF_8));
            if (claims.get("sub") instanceof String s) {
                sub = s;
            }
            reason = checkJwt(header, claims, parts, dec);
        } catch (RuntimeException e) {
            reason = "malformed JWT: " + e.getMessage();
        }
        if (reason != null) {
            record(new AuthRecord(endpoint, sub, false, reason, System.currentTimeMillis()));
            return error(401, "Invalid JWT: " + reason);
        }
        record(new AuthRecord(endpoint, sub, true, null, System.currentTimeMillis()));
        return issue(km);
    }

    private String checkJwt(Map<String, Object> header, Map<String, Object> claims, String[] parts,
                            Base64.Decoder dec) {
        if (!"RS512".equals(header.get("alg"))) {
            return "alg must be RS512";
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            return "no sub";
        }
        if (!sub.equals(settings.bot().username()) || settings.botPublicKey() == null) {
            return "unknown user " + sub;
        }
        if (!(claims.get("exp") instanceof Number exp)) {
            return "no exp";
        }
        try {
            Signature sig = Signature.getInstance("SHA512withRSA");
            sig.initVerify(settings.botPublicKey());
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!sig.verify(dec.decode(parts[2]))) {
                return "bad signature";
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "bad signature";
        }
        long nowSec = System.currentTimeMillis() / 1000;
        long e = exp.longValue();
        if (e <= nowSec - settings.jwtSkew().toSeconds()) {
            return "expired";
        }
        if (e > nowSec + settings.maxJwtLifetime().toSeconds() + settings.jwtSkew().toSeconds()) {
            return "exp too far in the future";
        }
        return null;
    }

    /** {@code POST /sessionauth/v1/authenticate} ({@code km} false) or {@code /keyauth/v1/authenticate}. */
    SimResponse certAuth(SimRequest r, boolean km) {
        String endpoint = r.path();
        List<X509Certificate> chain = r.peerCertificates();
        String cn = chain.isEmpty() ? null : commonName(chain.get(0));
        String reason = null;
        if (!r.tls()) {
            reason = "not over TLS";
        } else if (chain.isEmpty()) {
            reason = "no client certificate";
        } else if (settings.botCertificate() == null) {
            reason = "certificate authentication not configured";
        } else if (!certificateAccepted(chain.get(0))) {
            reason = "unknown certificate";
        }
        if (reason != null) {
            record(new AuthRecord(endpoint, cn, false, reason, System.currentTimeMillis()));
            return error(settings.certFailureStatus(), "Invalid certificate: " + reason);
        }
        record(new AuthRecord(endpoint, cn, true, null, System.currentTimeMillis()));
        return issue(km);
    }

    private boolean certificateAccepted(X509Certificate c) {
        if (c.equals(settings.botCertificate())) {
            return true;
        }
        try {
            c.checkValidity();
            c.verify(settings.botCertificate().getPublicKey());
            return settings.bot().username().equals(commonName(c));
        } catch (Exception e) {
            return false;
        }
    }

    static String commonName(X509Certificate c) {
        try {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private SimResponse issue(boolean km) {
        long nowMs = System.currentTimeMillis();
        synchronized (lock) {
            return km ? kmToken(nowMs) : sessionToken(nowMs);
        }
    }

    private SimResponse kmToken(long nowMs) {
        String t = SymphonyErrors.hex(96);
        kmTokens.put(t, nowMs + settings.kmTtl().toMillis());
        return SimResponse.json(200, Json.write(Map.of("name", "keyManagerToken", "token", t)));
    }

    private SimResponse sessionToken(long nowMs) {
        String t = SymphonyErrors.hex(32);
        sessionTokens.put(t, nowMs + settings.sessionTtl().toMillis());
        return SimResponse.json(200, Json.write(Map.of("name", "sessionToken", "token", t)));
    }

    /** The 401 when the {@code sessionToken} header is missing or not valid, else {@code null}. */
    SimResponse checkSession(SimRequest r) {
        String t = r.header("sessionToken");
        if (t == null || t.isEmpty()) {
            return error(401, "Missing session token");
        }
        Long exp = expiry(sessionTokens, t);
        if (exp == null || exp <= System.currentTimeMillis()) {
            return error(401, "Invalid session");
        }
        return null;
    }

    /** The 401 when the {@code keyManagerToken} header is missing (if required) or not valid, else {@code null}. */
    SimResponse checkKm(SimRequest r) {
        String t = r.header("keyManagerToken");
        if (t == null || t.isEmpty()) {
            return settings.requireKmToken() ? error(401, "Missing key manager token") : null;
        }
        Long exp = expiry(kmTokens, t);
        if (exp == null || exp <= System.currentTimeMillis()) {
            return error(401, "Invalid key manager token");
        }
        return null;
    }
}
