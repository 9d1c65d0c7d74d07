package io.camelchat.common.consumer;

import io.camelchat.common.health.ChatConsumerHealthCheck;

/** What every camel-chat consumer tells about itself (health check, dev console); never a secret. */
public interface ChatConsumerState {

    /** The consumer's state, last error and counters, as its health check reports them. */
    ChatConsumerHealthCheck.Status currentStatus();

    /** When the last event was read, epoch milliseconds (0: none yet). */
    long getLastEventAt();
}
