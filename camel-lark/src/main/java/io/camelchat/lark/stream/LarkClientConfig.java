package io.camelchat.lark.stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code ClientConfig} Lark hands out with the long-connection address and in pongs: how often to ping and how to
 * reconnect, all in seconds.
 *
 * @param reconnectCount    attempts before giving up (-1 = unlimited); informational here: the session keeps trying
 * @param reconnectInterval wait between failed attempts
 * @param reconnectNonce    maximum random wait before the first attempt
 * @param pingInterval      ping interval
 */
public record LarkClientConfig(int reconnectCount, int reconnectInterval, int reconnectNonce, int pingInterval) {

    /** What the SDKs assume before Lark said anything. */
    public static final LarkClientConfig DEFAULT = new LarkClientConfig(-1, 120, 30, 120);

    /**
     * Reads a ClientConfig. From an endpoint answer ({@code complete} false) missing keys keep the values of
     * {@code previous}; a pong's config replaces all four settings, a missing key becoming 0 as in the SDKs
     * ({@code complete} true) - a ping interval of 0 then means "keep the previous one".
     *
     * @throws IllegalArgumentException when {@code node} is not a JSON object
     */
    public static LarkClientConfig parse(JsonNode node, LarkClientConfig previous, boolean complete) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return previous;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("client config is not a JSON object");
        }
        int count = read(node, "ReconnectCount", complete ? 0 : previous.reconnectCount());
        int interval = read(node, "ReconnectInterval", complete ? 0 : previous.reconnectInterval());
        int nonce = read(node, "ReconnectNonce", complete ? 0 : previous.reconnectNonce());
        int ping = read(node, "PingInterval", previous.pingInterval());
        return new LarkClientConfig(count, interval, nonce, ping > 0 ? ping : previous.pingInterval());
    }

    private static int read(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            return v.asInt();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("client config " + key + " is not a number");
            }
        }
        throw new IllegalArgumentException("client config " + key + " is not a number");
    }
}
