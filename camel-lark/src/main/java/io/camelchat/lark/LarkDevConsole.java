package io.camelchat.lark;

import io.camelchat.common.console.ChatDevConsole;
import org.apache.camel.spi.annotations.DevConsole;

/** The Lark page of Camel's dev console: consumers (state, last event, counters, offsets) and endpoints. */
@DevConsole(group = "camel-chat", name = "lark", displayName = "Lark", description = "Lark consumers and endpoints")
public class LarkDevConsole extends ChatDevConsole {

    public LarkDevConsole() {
        super(LarkConstants.PLATFORM, "Lark", "Lark consumers and endpoints");
    }
}
