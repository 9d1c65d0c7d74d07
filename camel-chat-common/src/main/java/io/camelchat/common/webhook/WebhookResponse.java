package io.camelchat.common.webhook;

import io.camelchat.common.Json;

/**
 * What a webhook consumer answers the platform.
 *
 * @param status      HTTP status
 * @param contentType content type of the body; null for none
 * @param body        the body text; null for none
 */
public record WebhookResponse(int status, String contentType, String body) {

    public static WebhookResponse json(String json) {
        return new WebhookResponse(200, "application/json; charset=UTF-8", json);
    }

    public static WebhookResponse text(String text) {
        return new WebhookResponse(200, "text/plain; charset=UTF-8", text);
    }

    public static WebhookResponse empty() {
        return new WebhookResponse(200, null, null);
    }

    public static WebhookResponse error(int status, String message) {
        return new WebhookResponse(status, "application/json; charset=UTF-8",
                "{\"error\":" + Json.write(message) + "}");
    }
}
