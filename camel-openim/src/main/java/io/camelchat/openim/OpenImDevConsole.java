package io.camelchat.openim;

import io.camelchat.common.console.ChatDevConsole;
import org.apache.camel.spi.annotations.DevConsole;

/** The OpenIM page of Camel's dev console: consumers (state, last event, counters) and endpoints (user, platform). */
@DevConsole(group = "camel-chat", name = "openim", displayName = "OpenIM",
            description = "OpenIM consumers and endpoints")
public class OpenImDevConsole extends ChatDevConsole {

    public OpenImDevConsole() {
        super(OpenImConstants.PLATFORM, "OpenIM", "OpenIM consumers and endpoints");
    }
}
