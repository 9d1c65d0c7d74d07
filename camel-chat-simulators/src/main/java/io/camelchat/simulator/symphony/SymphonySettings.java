package io.camelchat.simulator.symphony;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The configuration of one {@link SymphonySimulator}, fixed at start (what {@link SymphonySimulator.Builder}
 * collected), shared by its parts.
 */
record SymphonySettings(SymUser bot, PublicKey botPublicKey, X509Certificate botCertificate, boolean tls,
        Duration sessionTtl, Duration kmTtl, Duration longPoll, Duration redeliveryDelay, Duration feedTtl,
        Duration jwtSkew, Duration maxJwtLifetime, int maxFeeds, boolean bufferEvents, int maxEventsPerRead,
        boolean requireKmToken, boolean tagAsFeedId, boolean canSuppress, long maxAttachmentBytes,
        int certFailureStatus) {
}
