package io.camelchat.symphony.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.http.ResponseInspector;

/**
 * How Symphony reports errors: the HTTP status, with {@code {"code","message"}} (agent: also {@code details}); gateways
 * may answer 502/503/504 with HTML. 401 = session or token invalid (authenticate again), 403 = not allowed (the bot is
 * not a member of the stream, lacks an entitlement, or reads a feed the agent no longer grants it: a
 * {@link io.camelchat.common.ChatPermissionException}, never a new login), 429 = throttled.
 */
public final class SymphonyErrors implements ResponseInspector {

    static final String PLATFORM = "symphony";

    @Override
    public ChatApiException inspect(ChatHttpRequest request, ChatHttpResponse response) {
        if (response.status() < 300) {
            return null;
        }
        JsonNode body = response.json();
        String message = Json.text(body, "message");
        if (message == null) {
            String text = response.bodyAsString().strip();
            message = text.isEmpty() ? null : text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
        String code = body.has("code") ? body.path("code").asText() : null;
        String requestId = response.header("x-trace-id");
        return ChatHttpClient.errorForStatus(PLATFORM, request, response, code, message, requestId);
    }
}
