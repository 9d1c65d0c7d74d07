package io.camelchat.simulator.openim;

import java.time.Duration;
import java.util.Set;

/** The configuration an {@link OpenImSimulator} was built with. */
record OpenImSettings(String secret, Set<String> adminUserIds, Duration tokenTtl, boolean legacyUserTokenPath,
        int maxConnections, Duration idleTimeout, Duration webPingInterval, int maxFrameSize, int multiLoginPolicy,
        long minPartSize, Duration objectUrlTtl, Set<Integer> httpSendContentTypes) {
}
