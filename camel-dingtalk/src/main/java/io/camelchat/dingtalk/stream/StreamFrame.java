package io.camelchat.dingtalk.stream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
     * Parses a frame, token by token (no JSON tree: this runs on the I/O thread for every frame).
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, no type, no headers
     */
    public static StreamFrame parse(String text) {
        String type = null;
        Map<String, String> headers = null;
        String data = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("frame is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> type = scalar(p, value);
                    case "headers" -> headers = value == JsonToken.START_OBJECT ? headers(p) : skip(p, null);
                    case "data" -> data = value == JsonToken.VALUE_STRING ? p.getText()
                            : value == JsonToken.VALUE_NULL ? null
                                    : value.isScalarValue() ? p.getText() : Json.MAPPER.readTree(p).toString();
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("not valid JSON: content after the frame's object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("frame has no type");
        }
        if (headers == null) {
            throw new IllegalArgumentException("frame has no headers");
        }
        return new StreamFrame(type.toUpperCase(Locale.ROOT), headers, data);
    }

    /** The text of a scalar value (null for JSON null, an object or an array). */
    private static String scalar(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        return value.isScalarValue() ? p.getText() : skip(p, null);
    }

    /** Skips a structured value and returns {@code result}. */
    private static <T> T skip(JsonParser p, T result) throws IOException {
        p.skipChildren();
        return result;
    }

    /** The headers object, each value as text (an object or array as an empty text, as JSON trees give it). */
    private static Map<String, String> headers(JsonParser p) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            headers.put(name, value == JsonToken.VALUE_NULL ? null : value.isScalarValue() ? p.getText() : skip(p, ""));
        }
        return headers;
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
