package io.camelchat.common;

/**
 * A platform answered a call with an error, or could not be reached.
 * <p>
 * Carries what a route needs to decide what to do: the platform, the HTTP status (0 when no answer came), the
 * platform's own error code and message, and its request id for support tickets. The message never contains
 * credentials or tokens: only the method and path of the call are named, never its query.
 */
public class ChatApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String platform;
    private final String operation;
    private final int httpStatus;
    private final String platformCode;
    private final String platformMessage;
    private final String requestId;

    public ChatApiException(String platform, String operation, int httpStatus, String platformCode,
                            String platformMessage,
                            String requestId) {
        this(platform, operation, httpStatus, platformCode, platformMessage, requestId, null);
    }

    public ChatApiException(String platform, String operation, int httpStatus, String platformCode,
                            String platformMessage,
                            String requestId, Throwable cause) {
        super(describe(platform, operation, httpStatus, platformCode, platformMessage, requestId), cause);
        this.platform = platform;
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.platformCode = platformCode;
        this.platformMessage = platformMessage;
        this.requestId = requestId;
    }

    private static String describe(String platform, String operation, int status, String code, String message,
                                   String requestId) {
        StringBuilder sb = new StringBuilder();
        sb.append(platform).append(' ').append(operation != null ? operation : "call").append(" failed");
        if (status > 0) {
            sb.append(": HTTP ").append(status);
        } else {
            sb.append(": no answer");
        }
        if (code != null && !code.isEmpty()) {
            sb.append(", code ").append(code);
        }
        if (message != null && !message.isEmpty()) {
            sb.append(": ").append(message);
        }
        if (requestId != null && !requestId.isEmpty()) {
            sb.append(" (request id ").append(requestId).append(')');
        }
        return sb.toString();
    }

    public String getPlatform() {
        return platform;
    }

    /** The call that failed, as {@code METHOD /path} (never with its query). */
    public String getOperation() {
        return operation;
    }

    /** HTTP status of the answer; 0 when there was no answer (I/O error, timeout). */
    public int getHttpStatus() {
        return httpStatus;
    }

    /** The platform's error code (a number or a string, as the platform spells it); may be null. */
    public String getPlatformCode() {
        return platformCode;
    }

    public String getPlatformMessage() {
        return platformMessage;
    }

    public String getRequestId() {
        return requestId;
    }

    /** Whether the platform rejected the call before doing anything, so sending it again is safe. */
    public boolean isRejectedBeforeProcessing() {
        return false;
    }
}
