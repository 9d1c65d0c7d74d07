package io.camelchat.common.webhook;

/**
 * A webhook request that is refused before anything is routed: forged, stale, replayed or malformed. The message is
 * what the caller gets back; it never contains a secret or an expected signature.
 */
public class WebhookRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public WebhookRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static WebhookRejectedException unauthorized(String message) {
        return new WebhookRejectedException(401, message);
    }

    public static WebhookRejectedException badRequest(String message) {
        return new WebhookRejectedException(400, message);
    }

    /** The HTTP status to answer with (4xx). */
    public int getStatus() {
        return status;
    }
}
