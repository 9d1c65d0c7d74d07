package io.camelchat.openim.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.http.ChatHttpClient;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.common.http.ResponseInspector;

/**
 * OpenIM's answers: HTTP 200 with {@code {"errCode", "errMsg", "errDlt", "data"}}, errCode 0 for success. Token
 * problems (1501 to 1507: expired, invalid, malformed, not valid yet, unknown, kicked, not in the token store) are
 * {@link ChatAuthException}s, so the token is fetched once more; 1002 (NoPermissionError: e.g. a user token on an
 * admin call, a wrong secret) and 1520 (OrgUserNoPermissionError) are {@link ChatPermissionException}s, never
 * retried; every other code a {@link ChatApiException} with the code, errMsg and errDlt. The request id of every
 * error is the call's operationID header, which the server logs. Answers that are not JSON (an object storage's
 * answer to an upload, a download) are judged by their HTTP status.
 */
public final class OpenImErrors implements ResponseInspector {

    /** The header OpenIM requires on every call and logs with it. */
    public static final String OPERATION_ID = "operationID";

    private static final int MAX_DETAIL = 300;

    @Override
    public ChatApiException inspect(ChatHttpRequest request, ChatHttpResponse response) {
        String operationId = request.headers().get(OPERATION_ID);
        if (response.status() / 100 == 3 && "GET".equals(request.method()) && response.header("location") != null) {
            return null; // a download's redirect, followed by the client without the token
        }
        if (response.status() < 200 || response.status() >= 300) {
            String text = response.bodyAsString();
            return ChatHttpClient.errorForStatus(OpenImClient.PLATFORM, request, response, null,
                    text == null || text.isBlank() ? null : shorten(text.trim()), operationId);
        }
        if (!response.isJson() || response.body().length == 0) {
            return null;
        }
        JsonNode body;
        try {
            body = response.json();
        } catch (RuntimeException e) {
            return null; // not an API answer (an object storage's)
        }
        if (body == null || !body.isObject() || !body.has("errCode")) {
            return null;
        }
        int code = body.path("errCode").asInt();
        if (code == 0) {
            return null;
        }
        return error(request.operation(), response.status(), code, body.path("errMsg").asText(""),
                body.path("errDlt").asText(""), operationId);
    }

    /** The exception for an OpenIM error code (also for the gateway's replies, with HTTP status 0). */
    public static ChatApiException error(String operation, int httpStatus, int code, String errMsg, String errDlt,
                                         String operationId) {
        String message = errMsg == null ? "" : errMsg;
        if (errDlt != null && !errDlt.isBlank()) {
            message = message.isEmpty() ? shorten(errDlt) : message + " (" + shorten(errDlt) + ")";
        }
        String c = Integer.toString(code);
        if (isTokenError(code)) {
            return new ChatAuthException(OpenImClient.PLATFORM, operation, httpStatus, c, message, operationId);
        }
        if (code == 1002 || code == 1520) {
            return new ChatPermissionException(OpenImClient.PLATFORM, operation, httpStatus, c, message, operationId);
        }
        return new ChatApiException(OpenImClient.PLATFORM, operation, httpStatus, c, message, operationId);
    }

    /** 1501 to 1507: the token is expired, invalid, malformed, not valid yet, unknown, kicked or not stored. */
    public static boolean isTokenError(int code) {
        return code >= 1501 && code <= 1507;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
    }
}
