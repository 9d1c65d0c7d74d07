package io.camelchat.common;

/**
 * The platform knows who is calling but refuses the call: the app lacks a scope or an entitlement, the bot is not a
 * member of the conversation, the user is outside the app's range, the caller's IP is not allowed (HTTP 403 and the
 * platforms' own permission codes).
 * <p>
 * "You may not" is not "who are you": unlike {@link ChatAuthException} it never triggers a fresh login or token, is
 * never retried, and never counts against the credentials' health. Sending the same call again changes nothing until
 * someone grants the permission.
 */
public class ChatPermissionException extends ChatApiException {

    private static final long serialVersionUID = 1L;

    public ChatPermissionException(String platform, String operation, int httpStatus, String platformCode,
                                   String platformMessage, String requestId) {
        super(platform, operation, httpStatus, platformCode, platformMessage, requestId);
    }

    /** The platform refused the call before doing anything. */
    @Override
    public boolean isRejectedBeforeProcessing() {
        return true;
    }
}
