package io.camelchat.dingtalk.api;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.http.ResponseInspector;

/**
 * How DingTalk reports errors. The new API ({@code /v1.0/...}) answers 4xx/5xx with
 * {@code {"code","message","requestid"}}; the older API answers HTTP 200 with a non-zero {@code errcode} (88, "auth
 * exception", names the real cause in {@code sub_code}).
 * <p>
 * DingTalk answers HTTP 403 both for its QPS limits and quotas ({@code Forbidden.AccessDenied.QpsLimit...}: a rate
 * limit, retried after a second) and for a token that lacks the API's permission
 * ({@code Forbidden.AccessDenied.AccessTokenPermissionDenied}: a permission error, never retried). Only 401
 * {@code InvalidAuthentication} and the old token errcodes are authentication failures that fetch a new token.
 */
public final class DingTalkErrors implements ResponseInspector {

    static final String PLATFORM = "dingtalk";

    /** New-API codes of per-app, per-API and quota limits; the window is one second. */
    private static final Set<String> RATE_LIMIT_CODES = Set.of(
            "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "Forbidden.AccessDenied.QpsLimitForApi",
            "Forbidden.AccessDenied.ApiCountLimitForOrg", "Throttling", "Throttling.Api", "Throttling.User");
    /** Old-API errcodes: app+API QPS, global API QPS, monthly quota, robot sending too fast. */
    private static final Set<Integer> RATE_LIMIT_ERRCODES = Set.of(90018, 90002, 90020, 130101, 90006);
    /** Old-API errcodes of an invalid or expired token or credentials. */
    static final Set<Integer> AUTH_ERRCODES = Set.of(40014, 42001, 40001, 40089, 41001);
    /**
     * Old-API errcodes of a refusal: no permission to call the API (60011), the caller's IP not in the app's allowlist
     * (60020), a user or department outside the app's range (50002, 50004).
     */
    static final Set<Integer> PERMISSION_ERRCODES = Set.of(60011, 60020, 50002, 50004);
    /** Old-API errcodes of a user or group that does not exist. */
    static final Set<Integer> NOT_FOUND_ERRCODES = Set.of(60121, 33012, 4000003);
    /** Old-API errcode whose {@code sub_code} says what failed. */
    private static final int SEE_SUB_CODE = 88;

    @Override
    public ChatApiException inspect(ChatHttpRequest request, ChatHttpResponse response) {
        JsonNode body = response.json();
        if (response.status() >= 400) {
            String code = firstText(body, "code", "Code");
            String message = firstText(body, "message", "Message");
            String requestId = requestId(body, response);
            if (message == null && !response.isJson()) {
                message = abbreviate(response.bodyAsString());
            }
            if (code != null && RATE_LIMIT_CODES.contains(code)) {
                return new ChatRateLimitException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId,
                        ChatHttpClient.retryAfter(response, Duration.ofSeconds(1)));
            }
            if (response.status() == 401 || "InvalidAuthentication".equals(code)) {
                return new ChatAuthException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId);
            }
            if (response.status() == 403 || code != null && code.startsWith("Forbidden.")) {
                return new ChatPermissionException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId);
            }
            if (code != null
                    && (code.contains("NotFound") || code.contains("not.found") || code.contains("notFound"))) {
                return new ChatNotFoundException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId);
            }
            return ChatHttpClient.errorForStatus(PLATFORM, request, response, code, message, requestId);
        }
        JsonNode errcode = body.get("errcode");
        if (errcode != null && errcode.canConvertToInt() && errcode.asInt() != 0) {
            int ec = errcode.asInt();
            String message = Json.text(body, "errmsg");
            String requestId = requestId(body, response);
            String code = Integer.toString(ec);
            JsonNode subCode = body.get("sub_code");
            if (ec == SEE_SUB_CODE && subCode != null && subCode.asInt(0) != 0) {
                // errmsg reads "ding talk error[subcode=...,submsg=...]": the sub code is the one to act on
                ec = subCode.asInt();
                code = Integer.toString(ec);
                message = message != null ? message : Json.text(body, "sub_msg");
            }
            if (RATE_LIMIT_ERRCODES.contains(ec)) {
                return new ChatRateLimitException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId,
                        Duration.ofSeconds(1));
            }
            if (AUTH_ERRCODES.contains(ec)) {
                return new ChatAuthException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId);
            }
            if (PERMISSION_ERRCODES.contains(ec)) {
                return new ChatPermissionException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId);
            }
            if (NOT_FOUND_ERRCODES.contains(ec)) {
                return new ChatNotFoundException(PLATFORM, request.operation(), response.status(), code, message,
                        requestId);
            }
            return new ChatApiException(PLATFORM, request.operation(), response.status(), code, message, requestId);
        }
        if (response.status() >= 300) {
            return new ChatApiException(PLATFORM, request.operation(), response.status(), null,
                    abbreviate(response.bodyAsString()), null);
        }
        return null;
    }

    private static String requestId(JsonNode body, ChatHttpResponse response) {
        String id = firstText(body, "requestid", "requestId", "RequestId", "request_id");
        if (id == null) {
            id = response.header("x-acs-request-id");
        }
        return id;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String n : names) {
            String v = Json.text(node, n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return null;
        }
        s = s.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
