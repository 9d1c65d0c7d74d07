package io.camelchat.simulator.dingtalk;

import java.time.Duration;
import java.util.List;

import io.camelchat.simulator.common.Balancing;

/**
 * The configuration of one {@link DingTalkSimulator}, fixed at start (what {@link DingTalkSimulator.Builder} collected,
 * with the derived ids), shared by its parts.
 */
record DingTalkSettings(String clientId, String clientSecret, String robotCode, String corpId, String unifiedAppId,
        String chatbotUserId, boolean tls, Duration tokenTtl, Duration ticketTtl, List<Duration> redeliveryDelays,
        Duration ackTimeout, boolean redeliverCallbacks, Duration systemPingInterval, Duration disconnectCloseDelay,
        Duration sessionWebhookTtl, int rateLimitPerSecond, Balancing balancing) {
}
