package io.camelchat.lark.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.http.ResponseInspector;

/**
 * How Lark reports errors: a JSON body {@code {"code": <non-zero>, "msg": ...}} whatever the HTTP status (the code is
 * authoritative), the request id in {@code X-Tt-Logid} or {@code error.log_id}. A successful file download is not
 * JSON at all.
 * <p>
 * Token codes ("who are you") fetch a new tenant token and try once more; permission codes ("you may not": a missing
 * scope, a bot outside the chat, a user outside the app's availability) are never retried and never touch the token.
 */
public final class LarkErrors implements ResponseInspector {

    static final String PLATFORM = "lark";

    /** Missing, invalid, expired or malformed tenant / app / user tokens: refreshing the token helps. */
    static final Set<Integer> TOKEN_CODES = Set.of(99991661, 99991663, 99991664, 99991668, 99991671);
    /**
     * Refusals a new token does not change: the app lacks the API's scope (99991672), the user token lacks the user's
     * grant (99991679), the bot is not in the chat (230002), the bot ability is off (230006), the user is outside the
     * bot's availability (230013), the operator lacks the needed permission (230027).
     */
    static final Set<Integer> PERMISSION_CODES = Set.of(99991672, 99991679, 230002, 230006, 230013, 230027);
    /** Frequency limits: the gateway's, the per-chat send limit, the per-app message limit. */
    static final Set<Integer> RATE_LIMIT_CODES = Set.of(99991400, 230020, 11232);
    /** Things that do not exist or cannot be seen (message, user, chat). */
    static final Set<Integer> NOT_FOUND_CODES = Set.of(230011, 231003, 41050, 99992351, 99992352, 99992353);

    @Override
    public ChatApiException inspect(ChatHttpRequest request, ChatHttpResponse response) {
        String contentType = response.header("content-type");
        boolean json = contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json");
        if (response.status() < 300 && (!json || response.header("content-disposition") != null)) {
            return null; // a downloaded file, whatever it contains
        }
        JsonNode body = response.json();
        JsonNode codeNode = body.get("code");
        if (response.status() < 300 && (codeNode == null || !response.isJson())) {
            return null; // an answer without an envelope
        }
        int code = codeNode != null && codeNode.canConvertToInt() ? codeNode.asInt() : -1;
        if (code == 0 && response.status() < 300) {
            return null;
        }
        String message = Json.text(body, "msg");
        if (message == null && !response.isJson()) {
            String text = response.bodyAsString().strip();
            message = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
        String requestId = response.header("x-tt-logid");
        if (requestId == null) {
            requestId = Json.text(body.path("error"), "log_id");
        }
        if (requestId == null) {
            requestId = response.header("x-request-id");
        }
        String codeText = code == -1 ? null : Integer.toString(code);
        if (RATE_LIMIT_CODES.contains(code) || response.status() == 429) {
            return new ChatRateLimitException(PLATFORM, request.operation(), response.status(), codeText, message,
                    requestId,
                    retryAfter(response));
        }
        if (TOKEN_CODES.contains(code)) {
            return new ChatAuthException(PLATFORM, request.operation(), response.status(), codeText, message,
                    requestId);
        }
        if (PERMISSION_CODES.contains(code) || code != -1 && response.status() == 403) {
            return new ChatPermissionException(PLATFORM, request.operation(), response.status(), codeText, message,
                    requestId);
        }
        if (NOT_FOUND_CODES.contains(code) || response.status() == 404) {
            return new ChatNotFoundException(PLATFORM, request.operation(), response.status(), codeText, message,
                    requestId);
        }
        if (code == -1) {
            return ChatHttpClient.errorForStatus(PLATFORM, request, response, null, message, requestId);
        }
        return new ChatApiException(PLATFORM, request.operation(), response.status(), codeText, message, requestId);
    }

    /** Lark's {@code x-ogw-ratelimit-reset} (seconds), else {@code Retry-After}, else one second. */
    private static Duration retryAfter(ChatHttpResponse response) {
        String reset = response.header("x-ogw-ratelimit-reset");
        if (reset != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(reset.trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return ChatHttpClient.retryAfter(response, Duration.ofSeconds(1));
    }
}
