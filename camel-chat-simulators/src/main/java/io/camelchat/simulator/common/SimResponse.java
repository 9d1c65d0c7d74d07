package io.camelchat.simulator.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer produced by a simulator handler.
 *
 * @param status      HTTP status code
 * @param contentType content type, or {@code null}
 * @param body        body bytes
 * @param headers     extra headers
 * @param delay       how long to wait before writing the answer ({@code null} or zero: immediately)
 */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers, Duration delay) {

    public static final String JSON = "application/json;charset=utf-8";

    public static SimResponse json(int status, String json) {
        return new SimResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    public static SimResponse text(int status, String text) {
        return new SimResponse(status, "text/plain;charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of(),
                null);
    }

    public static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, body, Map.of(), null);
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SimResponse(status, contentType, body, h, delay);
    }

    public SimResponse withDelay(Duration d) {
        return new SimResponse(status, contentType, body, headers, d);
    }
}
