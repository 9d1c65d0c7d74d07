package io.camelchat.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Results on standard output: one JSON object per line ({@code --output json}) or short text lines
 * ({@code --output text}). Messages and progress go to standard error.
 */
public final class Output {

    /** The output formats. */
    public enum Format {
        json, text
    }

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .findAndRegisterModules();

    private final Format format;
    private final PrintStream out;

    public Output(Format format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    public Format format() {
        return format;
    }

    public boolean json() {
        return format == Format.json;
    }

    /** Prints a result: the object as one JSON line, or {@code text} as it is. */
    public void result(Map<String, ?> fields, String text) {
        if (json()) {
            line(MAPPER.valueToTree(fields));
        } else {
            out.println(text);
            out.flush();
        }
    }

    /** Prints one JSON line (also in text mode: for documents with no text form). */
    public synchronized void line(JsonNode node) {
        try {
            out.println(MAPPER.writeValueAsString(node));
        } catch (Exception e) {
            out.println(node.toString());
        }
        out.flush();
    }

    /** A document: one JSON line, or indented JSON in text mode. */
    public void document(JsonNode node) {
        if (json()) {
            line(node);
        } else {
            try {
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } catch (Exception e) {
                out.println(node.toString());
            }
            out.flush();
        }
    }

    /** A body as JSON: as it is when it is JSON, its fields when Jackson can read them, else its text. */
    public static JsonNode toJson(Object body) {
        if (body == null) {
            return MAPPER.nullNode();
        }
        if (body instanceof JsonNode n) {
            return n;
        }
        if (body instanceof byte[] b) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("bytes", b.length);
            return o;
        }
        if (body instanceof CharSequence s) {
            return MAPPER.getNodeFactory().textNode(s.toString());
        }
        try {
            return MAPPER.valueToTree(body);
        } catch (RuntimeException e) {
            return MAPPER.getNodeFactory().textNode(body.toString());
        }
    }

    /** Fields in order, {@code null} values left out. */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
