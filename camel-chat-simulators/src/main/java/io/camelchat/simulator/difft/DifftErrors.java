package io.camelchat.simulator.difft;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimResponse;

/** The response envelope and the error convention of reference section 3. */
final class DifftErrors {

    static final int OK = 0;
    static final int INVALID_PARAMETER = 1;
    static final int INVALID_SIGNATURE = 2;
    static final int NOT_FOUND = 3;
    static final int TOO_MANY_REQUESTS = 4;

    private DifftErrors() {
    }

    /** {@code {"ver":1,"status":0,"reason":"ok","data":data}}. */
    static SimResponse ok(Object data) {
        Map<String, Object> m = envelope(OK, "ok");
        if (data != null) {
            m.put("data", data);
        }
        return SimResponse.json(200, Json.write(m));
    }

    /** A failure with HTTP 200 and a non-zero status ({@code error} repeats the reason, as the send API's SDK reads it). */
    static SimResponse fail(int status, String reason) {
        Map<String, Object> m = envelope(status, reason);
        m.put("error", reason);
        return SimResponse.json(200, Json.write(m));
    }

    static SimResponse invalidParameter(String detail) {
        return fail(INVALID_PARAMETER, "invalid parameter: " + detail);
    }

    static SimResponse tooManyRequests() {
        return fail(TOO_MANY_REQUESTS, "too many requests");
    }

    /** HTTP 401 for a signature failure ({@code expired}: stale timestamp or replayed nonce). */
    static SimResponse unauthorized(boolean expired) {
        return SimResponse.json(401, Json.write(envelope(INVALID_SIGNATURE,
                expired ? "signature expired" : "invalid signature")));
    }

    private static Map<String, Object> envelope(int status, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ver", 1);
        m.put("status", status);
        m.put("reason", reason);
        return m;
    }
}
