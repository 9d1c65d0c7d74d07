package io.camelchat.openim;

import io.camelchat.common.ChatConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of OpenIM endpoints. */
@UriParams
public class OpenImConfiguration extends ChatConfiguration {

    @UriParam(label = "producer", description = "Target: user:userId or group:groupId.")
    private String to;

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public void setTo(String to) {
        this.to = to;
    }
}
