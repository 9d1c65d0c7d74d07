package io.camelchat.simulator.difft;

import java.util.Map;

import io.camelchat.simulator.common.Json;

/**
 * What a webhook consumer answered to one call of the simulator.
 *
 * @param status HTTP status, or -1 when the call failed (refused connection, timeout)
 * @param body   the answer body, or the failure's description
 */
public record WebhookResult(int status, String body) {

    /**
     * Whether the call counts as delivered: HTTP 200 with an empty body or a JSON object whose {@code status} is 0
     * (section 9 convention).
     */
    public boolean accepted() {
        if (status != 200) {
            return false;
        }
        if (body == null || body.isBlank()) {
            return true;
        }
        Map<String, Object> m = Json.tryParseObject(body);
        return m != null && m.get("status") instanceof Number n && n.intValue() == 0;
    }
}
