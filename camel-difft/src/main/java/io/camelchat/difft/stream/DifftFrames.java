package io.camelchat.difft.stream;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.Json;

/**
 * The frames of the Difft websocket listener (reference section 8.2). The client asks for the next batch, and
 * acknowledges the previous one, with {@link #FETCH}; {@link #COMMIT} only acknowledges. The server answers a fetch
 * with one batch {@code {"messages":[{"data":{...}}, ...]}}.
 */
public final class DifftFrames {

    /** Asks for the next batch and acknowledges the previous one (the exact bytes both SDKs send). */
    public static final String FETCH = "{\"cmd\":\"fetch\"}";
    /** Acknowledges the previous batch without asking for more. */
    public static final String COMMIT = "{\"cmd\":\"commit\"}";

    /**
     * One batch as read: the {@code data} objects in order, how many elements had no {@code data} object, and what was
     * wrong with the frame as a whole (null when nothing).
     */
    public record Batch(List<JsonNode> messages, int withoutData, String problem) {
    }

    private DifftFrames() {
    }

    /**
     * Reads a server frame. Never throws: a frame that is not JSON, or whose {@code messages} is not an array, is an
     * empty batch with a {@link Batch#problem}; a frame without {@code messages} is an empty batch (section 8.2);
     * elements without a {@code data} object are left out and counted.
     */
    public static Batch parse(String text) {
        JsonNode root;
        try {
            root = Json.read(text);
        } catch (IllegalArgumentException e) {
            return new Batch(List.of(), 0, "frame is not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Batch(List.of(), 0, "frame is not a JSON object");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            return new Batch(List.of(), 0, null);
        }
        if (!messages.isArray()) {
            return new Batch(List.of(), 0, "messages is not an array");
        }
        List<JsonNode> out = new ArrayList<>();
        int without = 0;
        for (JsonNode element : messages) {
            JsonNode data = element == null ? null : element.get("data");
            if (data != null && data.isObject()) {
                out.add(data);
            } else {
                without++;
            }
        }
        return new Batch(List.copyOf(out), without, null);
    }
}
