package io.camelchat.common;

/** The platform refused the credentials or the access token (invalid, expired, revoked). */
public class ChatAuthException extends ChatApiException {

    private static final long serialVersionUID = 1L;

    public ChatAuthException(String platform, String operation, int httpStatus, String platformCode, String platformMessage,
                             String requestId) {
        super(platform, operation, httpStatus, platformCode, platformMessage, requestId);
    }
}
