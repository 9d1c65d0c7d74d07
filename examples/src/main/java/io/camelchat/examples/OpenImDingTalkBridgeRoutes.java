package io.camelchat.examples;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;

/**
 * An OpenIM group ({@code demo.openim.group}) and the DingTalk group ({@code demo.dingtalk.group}) bridged both ways, in
 * the style of {@link BridgeRoutes}. The OpenIM side reads the bot user's gateway stream, which carries every
 * conversation of that user, and keeps the group's (conversation {@code sg_<groupID>}); the bot's own messages never
 * come back to it.
 */
public class OpenImDingTalkBridgeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("openim:stream").routeId("openim-to-dingtalk").autoStartup("{{demo.openim.bridge.autostart:true}}")
                .filter(simple("${header." + ChatHeaders.CONVERSATION_ID + "} == 'sg_{{demo.openim.group}}'"))
                .log("OpenIM ${header." + ChatHeaders.SENDER_NAME + "} -> DingTalk: ${body}")
                .to("dingtalk:message?to=group:{{demo.dingtalk.group}}");
        from("dingtalk:stream").routeId("dingtalk-to-openim").autoStartup("{{demo.openim.bridge.autostart:true}}")
                .log("DingTalk ${header." + ChatHeaders.SENDER_NAME + "} -> OpenIM: ${body}")
                .to("openim:message?to=group:{{demo.openim.group}}");
    }
}
