package io.camelchat.simulator.lark;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimResponse;

/**
 * Lark's answer shapes and codes: the {@code {code,msg,data}} envelope, errors with {@code error.log_id} and a
 * troubleshooter link, field validation errors, the rate-limit answer, and the random ids they carry.
 */
final class LarkErrors {

    static final int CODE_INTERNAL = 55001;
    static final int CODE_FIELD_VALIDATION = 99992402;
    static final int CODE_RATE_LIMIT = 99991400;
    static final int CODE_MISSING_TOKEN = 99991661;
    static final int CODE_INVALID_TENANT_TOKEN = 99991663;
    static final int CODE_INVALID_APP_TOKEN = 99991664;
    static final int CODE_INVALID_USER_TOKEN = 99991668;
    static final int CODE_TOKEN_FORMAT = 99991671;
    static final int CODE_INVALID_PARAM = 230001;
    static final int CODE_NOT_IN_CHAT = 230002;
    static final int CODE_RECALLED = 230011;
    static final int CODE_NO_AVAILABILITY = 230013;
    static final int CODE_NOT_OWNER = 230026;
    static final int CODE_CARD_INVALID = 230099;
    static final int CODE_UPLOAD_PARAM = 234001;
    static final int CODE_FILE_NOT_IN_MSG = 234003;
    static final int CODE_TOO_LARGE = 234006;
    static final int CODE_EMPTY_FILE = 234010;
    static final int CODE_ENDPOINT_CREDENTIALS = 1000040344;
    static final int CODE_CONN_LIMIT = 1000040350;

    static final SecureRandom RANDOM = new SecureRandom();

    private LarkErrors() {
    }

    /** {@code {code,msg[,data]}} with this HTTP status. */
    static SimResponse answer(int status, int code, String msg, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("msg", msg);
        if (data != null) {
            m.put("data", data);
        }
        return SimResponse.json(status, Json.write(m));
    }

    /** HTTP 200 {@code {"code":0,"msg":"success","data":...}}. */
    static SimResponse ok(Object data) {
        return answer(200, 0, "success", data);
    }

    /** An error with {@code error.log_id} and the troubleshooter link. */
    static SimResponse error(int status, int code, String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("msg", msg);
        m.put("error", Map.of("log_id", logId(),
                "troubleshooter", "https://open.feishu.cn/search?from=openapi&code=" + code));
        return SimResponse.json(status, Json.write(m));
    }

    /** HTTP 400, code 99992402 with one {@code error.field_violations} entry. */
    static SimResponse fieldError(String field, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", CODE_FIELD_VALIDATION);
        m.put("msg", "field validation failed");
        m.put("error", Map.of("log_id", logId(),
                "field_violations", List.of(Map.of("field", field, "description", description))));
        return SimResponse.json(400, Json.write(m));
    }

    /** Code 99991400 with the {@code x-ogw-ratelimit-*} headers. */
    static SimResponse rateLimited(int status) {
        long reset = 1;
        return error(status, CODE_RATE_LIMIT, "request trigger frequency limit")
                .withHeader("x-ogw-ratelimit-limit", "50").withHeader("x-ogw-ratelimit-reset", String.valueOf(reset));
    }

    /** An {@code X-Tt-Logid} / {@code log_id} value: timestamp and 20 hex digits. */
    static String logId() {
        return DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .format(LocalDateTime.now())
               + HexFormat.of().formatHex(randomBytes(10)).toUpperCase();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** 32 hex digits derived from the seed (stable ids such as p2p chat ids). */
    static String hex32(String seed) {
        return HexFormat.of().formatHex(LarkCrypto.sha256(seed.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }
}
