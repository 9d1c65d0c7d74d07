package io.camelchat.common;

import java.time.Duration;

/**
 * The platform refused the call because a rate limit or quota was exceeded. The call was not carried out, so it is
 * safe to send again after {@link #getRetryAfter()}.
 */
public class ChatRateLimitException extends ChatApiException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public ChatRateLimitException(String platform, String operation, int httpStatus, String platformCode,
                                  String platformMessage,
                                  String requestId, Duration retryAfter) {
        super(platform, operation, httpStatus, platformCode, platformMessage, requestId);
        this.retryAfter = retryAfter;
    }

    /** How long the platform asks to wait (from {@code Retry-After} or the platform's documented window); may be null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    @Override
    public boolean isRejectedBeforeProcessing() {
        return true;
    }
}
