package io.camelchat.common;

/** The user, conversation, message or file the call names does not exist (or the bot cannot see it). */
public class ChatNotFoundException extends ChatApiException {

    private static final long serialVersionUID = 1L;

    public ChatNotFoundException(String platform, String operation, int httpStatus, String platformCode,
                                 String platformMessage,
                                 String requestId) {
        super(platform, operation, httpStatus, platformCode, platformMessage, requestId);
    }
}
