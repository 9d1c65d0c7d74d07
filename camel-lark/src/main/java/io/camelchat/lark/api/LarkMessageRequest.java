package io.camelchat.lark.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelchat.common.Json;

/**
 * A message in Lark's own terms: a {@code msg_type} and its content (a Map, a Jackson node or JSON text). A producer
 * sends it as is; the factories cover the usual types.
 */
public record LarkMessageRequest(String msgType, Object content) {

    public LarkMessageRequest {
        Objects.requireNonNull(msgType, "msgType");
        Objects.requireNonNull(content, "content");
    }

    public static LarkMessageRequest text(String text) {
        return new LarkMessageRequest("text", Map.of("text", text));
    }

    /** A post (rich text) holding one markdown element, with an optional title. */
    public static LarkMessageRequest markdown(String title, String markdown) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (title != null && !title.isEmpty()) {
            body.put("title", title);
        }
        body.put("content", List.of(List.of(Map.of("tag", "md", "text", markdown))));
        return new LarkMessageRequest("post", Map.of("zh_cn", body));
    }

    public static LarkMessageRequest image(String imageKey) {
        return new LarkMessageRequest("image", Map.of("image_key", imageKey));
    }

    public static LarkMessageRequest file(String fileKey) {
        return new LarkMessageRequest("file", Map.of("file_key", fileKey));
    }

    /** An interactive card (card JSON, or {@code {"type":"template","data":{...}}}). */
    public static LarkMessageRequest card(Object card) {
        return new LarkMessageRequest("interactive", card);
    }

    /** The content as the JSON text Lark's API wants. */
    public String contentJson() {
        return content instanceof String s ? s : Json.write(content);
    }
}
