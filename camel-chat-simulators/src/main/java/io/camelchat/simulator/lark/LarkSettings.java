package io.camelchat.simulator.lark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.common.Balancing;

/**
 * The configuration of one {@link LarkSimulator}, fixed at start (what {@link LarkSimulator.Builder} collected, with
 * the derived bot ids), shared by its parts.
 */
record LarkSettings(String appId, String appSecret, String verificationToken, String encryptKey, String tenantKey,
        String botName, String botOpenId, String botUnionId, boolean tls, Duration tokenTtl,
        Duration tokenReissueThreshold, int tokenErrorStatus, int reconnectCount, int reconnectInterval,
        int reconnectNonce, int pingInterval, boolean pongCarriesClientConfig, List<Duration> redeliveryDelays,
        Duration ackTimeout, int splitAbove, int rateLimitPerSecond, Duration uuidWindow, Duration ticketTtl,
        int maxConnections, int serviceId, Balancing balancing) {

    /** The SDK's {@code ClientConfig} (seconds; all four keys always present) of endpoint answers and pongs. */
    Map<String, Object> clientConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ReconnectCount", reconnectCount);
        m.put("ReconnectInterval", reconnectInterval);
        m.put("ReconnectNonce", reconnectNonce);
        m.put("PingInterval", pingInterval);
        return m;
    }
}
