package io.camelchat.common;

/**
 * The platform refused the credentials or the access token (invalid, expired, revoked): "who are you". A fresh login
 * or token may help, so token caches fetch a new one and try once more. A refusal of a caller the platform did
 * recognise ("you may not") is a {@link ChatPermissionException} instead.
 */
public class ChatAuthException extends ChatApiException {

    private static final long serialVersionUID = 1L;

    public ChatAuthException(String platform, String operation, int httpStatus, String platformCode,
                             String platformMessage,
                             String requestId) {
        super(platform, operation, httpStatus, platformCode, platformMessage, requestId);
    }
}
