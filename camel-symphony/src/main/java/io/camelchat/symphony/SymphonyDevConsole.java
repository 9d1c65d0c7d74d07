package io.camelchat.symphony;

import io.camelchat.common.console.ChatDevConsole;
import org.apache.camel.spi.annotations.DevConsole;

/** The Symphony page of Camel's dev console: consumers (state, last event, counters, offsets) and endpoints. */
@DevConsole(group = "camel-chat", name = "symphony", displayName = "Symphony",
            description = "Symphony consumers and endpoints")
public class SymphonyDevConsole extends ChatDevConsole {

    public SymphonyDevConsole() {
        super(SymphonyConstants.PLATFORM, "Symphony", "Symphony consumers and endpoints");
    }
}
