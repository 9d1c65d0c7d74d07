package io.camelchat.common.http;

import io.camelchat.common.ChatApiException;

/**
 * Decides whether a platform's answer is an error and which exception it is. Platforms report errors differently
 * (HTTP status, an {@code errcode} field in a 200 answer, ...), so each component supplies its own.
 */
@FunctionalInterface
public interface ResponseInspector {

    /** The exception for this answer, or null when the answer is a success. */
    ChatApiException inspect(ChatHttpRequest request, ChatHttpResponse response);
}
