package io.camelchat.difft;

import io.camelchat.common.console.ChatDevConsole;
import org.apache.camel.spi.annotations.DevConsole;

/** The Difft page of Camel's dev console: consumers (state, last event, counters) and endpoints (app, calls). */
@DevConsole(group = "camel-chat", name = "difft", displayName = "Difft",
            description = "Difft consumers and endpoints")
public class DifftDevConsole extends ChatDevConsole {

    public DifftDevConsole() {
        super(DifftConstants.PLATFORM, "Difft", "Difft consumers and endpoints");
    }
}
