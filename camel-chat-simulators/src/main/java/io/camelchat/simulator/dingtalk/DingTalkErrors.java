package io.camelchat.simulator.dingtalk;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimResponse;

/**
 * DingTalk's answer shapes: the new-style API's {@code {code,message,requestid}} errors and plain JSON results, the
 * old-style ({@code oapi}) API's HTTP 200 {@code {errcode,errmsg,...,request_id}}, and the random ids they carry.
 */
final class DingTalkErrors {

    static final SecureRandom RANDOM = new SecureRandom();

    private DingTalkErrors() {
    }

    /** A new-style error: HTTP {@code status} with {@code {code,message,requestid}}. */
    static SimResponse apiError(int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        m.put("requestid", requestId());
        return SimResponse.json(status, Json.write(m));
    }

    /** An old-style error: HTTP 200 with {@code {errcode,errmsg,request_id}}. */
    static SimResponse oapiError(int errcode, String errmsg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errcode", errcode);
        m.put("errmsg", errmsg);
        m.put("request_id", requestId());
        return SimResponse.json(200, Json.write(m));
    }

    /** A new-style result: HTTP 200 with the object as is. */
    static SimResponse ok(Map<String, Object> m) {
        return SimResponse.json(200, Json.write(m));
    }

    /** An old-style result: {@code errcode 0, errmsg ok}, the extra members, {@code request_id}. */
    static SimResponse oapiOk(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errcode", 0);
        m.put("errmsg", "ok");
        m.putAll(extra);
        m.put("request_id", requestId());
        return SimResponse.json(200, Json.write(m));
    }

    /** The new-style answer to an unknown path or method. */
    static SimResponse notFound() {
        return apiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    }

    /** Whether a path belongs to the old-style API (errors as errcode) rather than {@code /v1.0} or {@code /files}. */
    static boolean oldStyle(String path) {
        return !path.startsWith("/v1.0/") && !path.startsWith("/files/");
    }

    /** The per-app QPS limit answer in the style of the path's API. */
    static SimResponse qpsError(String path) {
        if (oldStyle(path)) {
            return oapiError(90018, "当前企业对应的AppKey调用当前接口次数过多，请求被暂时禁止了");
        }
        return apiError(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
                "当前企业对应的AppKey调用当前接口次数过多，请求被暂时禁止了");
    }

    /** The answer to an unknown path: old-style errcode 404, or the new-style {@link #notFound()}. */
    static SimResponse unknownPath(String path) {
        return oldStyle(path) ? SimResponse.json(404, "{\"errcode\":404,\"errmsg\":\"请求的URI地址不存在\"}") : notFound();
    }

    static String requestId() {
        return HexFormat.of().formatHex(randomBytes(8)).toUpperCase();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String shortHash(String s) {
        return Integer.toHexString(s.hashCode() & 0x7fffffff) + Integer.toHexString(s.length());
    }
}
