package io.camelchat.dingtalk;

import io.camelchat.common.console.ChatDevConsole;
import org.apache.camel.spi.annotations.DevConsole;

/** The DingTalk page of Camel's dev console: consumers (state, last event, counters, offsets) and endpoints. */
@DevConsole(group = "camel-chat", name = "dingtalk", displayName = "DingTalk",
            description = "DingTalk consumers and endpoints")
public class DingTalkDevConsole extends ChatDevConsole {

    public DingTalkDevConsole() {
        super(DingTalkConstants.PLATFORM, "DingTalk", "DingTalk consumers and endpoints");
    }
}
