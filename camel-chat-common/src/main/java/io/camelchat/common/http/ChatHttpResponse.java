package io.camelchat.common.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.camelchat.common.Json;

/**
 * A platform's answer: status, headers (names in lower case) and the whole body.
 */
public final class ChatHttpResponse {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private JsonNode json;

    public ChatHttpResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body == null ? new byte[0] : body;
    }

    public int status() {
        return status;
    }

    /** A header by name, case-insensitively; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a {@link MissingNode} when the body is empty or not JSON. */
    public JsonNode json() {
        if (json == null) {
            try {
                json = body.length == 0 ? MissingNode.getInstance() : Json.read(body);
            } catch (IllegalArgumentException e) {
                json = MissingNode.getInstance();
            }
        }
        return json;
    }

    public boolean isJson() {
        return !json().isMissingNode();
    }

    public <T> T as(Class<T> type) {
        return Json.convert(json(), type);
    }
}
