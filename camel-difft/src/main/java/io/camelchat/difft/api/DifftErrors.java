package io.camelchat.difft.api;

import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.http.ResponseInspector;

/**
 * Difft's answers (reference section 3): a JSON envelope {@code {"ver":1,"status":0,"reason":"ok","data":...}} where
 * any non-zero {@code status} is a failure ({@code reason}, or {@code error} / {@code errors} on the send API), and
 * any HTTP status but 200 is one too. Signed API calls are inspected this way; unsigned storage transfers only by their
 * HTTP status.
 * <p>
 * Difft publishes no error codes; besides "non-zero is a failure" this maps the codes of the reference's convention
 * (which the simulator follows): 2 (signature) as an authentication failure, 3 (unknown user or group) as not found, 4
 * or a reason saying "too many requests" as a rate limit, retried after {@link #RATE_LIMIT_WAIT}. HTTP 401 is an
 * authentication failure: the appId or appSecret is wrong, or the clock is off by more than the server's window.
 */
public final class DifftErrors implements ResponseInspector {

    public static final String PLATFORM = "difft";
    /** How long a call refused for the rate limit waits before it is tried again (Difft allows one a second). */
    public static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    static final int SIGNATURE = 2;
    static final int NOT_FOUND = 3;
    static final int TOO_MANY_REQUESTS = 4;

    @Override
    public ChatApiException inspect(ChatHttpRequest request, ChatHttpResponse response) {
        boolean api = request.signer() != null;
        if (!api && response.status() / 100 == 2) {
            return null; // a storage transfer (any 2xx): its body is the encrypted file, or empty
        }
        JsonNode json = safeJson(response);
        if (response.status() != 200) {
            String reason = json == null ? null : reason(json);
            String code = json != null && json.has("status") ? json.path("status").asText() : null;
            if (response.status() == 401 && api) {
                return new ChatAuthException(PLATFORM, request.operation(), 401, code,
                        (reason == null ? "request refused" : reason)
                                                                                       + " (check appId and appSecret, and that this host's clock is right)",
                        null);
            }
            return ChatHttpClient.errorForStatus(PLATFORM, request, response, code, reason, null);
        }
        if (json == null || !json.isObject()) {
            return new ChatApiException(PLATFORM, request.operation(), 200, null,
                    "the answer is not a JSON object", null);
        }
        JsonNode st = json.get("status");
        if (st == null || !(st.isIntegralNumber() || st.isTextual() && st.asText().matches("-?\\d{1,9}"))) {
            // the SDK treats anything but status 0 as a failure: an answer without a numeric status is one too
            return new ChatApiException(PLATFORM, request.operation(), 200, null,
                    "the answer has no numeric status", null);
        }
        int status = st.asInt();
        if (status == 0) {
            return null;
        }
        String reason = reason(json);
        String code = Integer.toString(status);
        if (status == TOO_MANY_REQUESTS || (reason != null && reason.toLowerCase(Locale.ROOT).contains("too many"))) {
            return new ChatRateLimitException(PLATFORM, request.operation(), 200, code, reason, null, RATE_LIMIT_WAIT);
        }
        if (status == SIGNATURE) {
            return new ChatAuthException(PLATFORM, request.operation(), 200, code, reason, null);
        }
        if (status == NOT_FOUND) {
            return new ChatNotFoundException(PLATFORM, request.operation(), 200, code, reason, null);
        }
        return new ChatApiException(PLATFORM, request.operation(), 200, code, reason, null);
    }

    private static JsonNode safeJson(ChatHttpResponse response) {
        try {
            return response.isJson() ? response.json() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The failure's text: {@code reason}, else {@code error}, else the {@code errors} list. */
    static String reason(JsonNode json) {
        for (String field : new String[]{ "reason", "error" }) {
            JsonNode n = json.get(field);
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        JsonNode errors = json.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            return errors.toString();
        }
        return null;
    }
}
