package io.camelchat.simulator.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON helpers (one shared mapper). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} when the text is not a JSON object. */
    public static Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        try {
            Object o = MAPPER.readValue(text, Object.class);
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return MAPPER.convertValue(o, MAP);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Same as {@link #parseObject} but returns {@code null} instead of throwing. */
    public static Map<String, Object> tryParseObject(String text) {
        try {
            return parseObject(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
