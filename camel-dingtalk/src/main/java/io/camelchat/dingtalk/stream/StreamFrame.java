package io.camelchat.dingtalk.stream;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;

/**
 * A frame the Stream gateway pushes: {@code type} SYSTEM, EVENT or CALLBACK, string-valued {@code headers}, and
 * {@code data}, a JSON text inside a string.
 */
public record StreamFrame(String type, Map<String, String> headers, String data) {

    public static final String SYSTEM = "SYSTEM";
    public static final String EVENT = "EVENT";
    public static final String CALLBACK = "CALLBACK";

    /**
     * Parses a frame.
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, no type, no headers
     */
    public static StreamFrame parse(String text) {
        JsonNode root = Json.read(text);
        if (!root.isObject()) {
            throw new IllegalArgumentException("frame is not a JSON object");
        }
        String type = Json.text(root, "type");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("frame has no type");
        }
        JsonNode h = root.get("headers");
        if (h == null || !h.isObject()) {
            throw new IllegalArgumentException("frame has no headers");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        JsonNode d = root.get("data");
        String data = d == null || d.isNull() ? null : d.isTextual() ? d.asText() : d.toString();
        return new StreamFrame(type.toUpperCase(Locale.ROOT), headers, data);
    }

    public String topic() {
        return headers.get("topic");
    }

    public String messageId() {
        return headers.get("messageId");
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The data parsed as JSON; throws {@link IllegalArgumentException} when it is not JSON. */
    public JsonNode dataJson() {
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("frame has no data");
        }
        return Json.read(data);
    }

    /** An acknowledgement frame for {@code messageId}. {@code data} is a JSON text or null (then left out). */
    public static String ack(String messageId, int code, String message, String data) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("contentType", "application/json");
        headers.put("messageId", messageId);
        headers.put("time", Long.toString(System.currentTimeMillis()));
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("code", code);
        frame.put("headers", headers);
        frame.put("message", message);
        if (data != null) {
            frame.put("data", data);
        }
        return Json.write(frame);
    }
}
