package io.camelchat.dingtalk.stream;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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

    /** The data as a map, read in one pass; throws {@link IllegalArgumentException} when it is not a JSON object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> dataMap() {
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("frame has no data");
        }
        Object value;
        try {
            value = Json.MAPPER.readValue(data, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("data is not a JSON object");
    }

    /**
     * An acknowledgement frame for {@code messageId} (left out when null). {@code data} is a JSON text or null (then
     * left out). Written by hand: one is written for every event.
     */
    public static String ack(String messageId, int code, String message, String data) {
        StringBuilder sb = new StringBuilder(128 + (data == null ? 0 : data.length()));
        sb.append("{\"code\":").append(code).append(",\"headers\":{\"contentType\":\"application/json\"");
        if (messageId != null) {
            sb.append(",\"messageId\":");
            quote(sb, messageId);
        }
        sb.append(",\"time\":\"").append(System.currentTimeMillis()).append("\"}");
        if (message != null) {
            sb.append(",\"message\":");
            quote(sb, message);
        }
        if (data != null) {
            sb.append(",\"data\":");
            quote(sb, data);
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String text) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, sb);
        sb.append('"');
    }
}
