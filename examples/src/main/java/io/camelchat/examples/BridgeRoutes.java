package io.camelchat.examples;

import org.apache.camel.builder.RouteBuilder;

/**
 * A DingTalk group and a Lark chat bridged both ways, with no code in between: each component converts what it
 * receives to a ChatMessage, and the other sends it (files and images are downloaded and uploaded again).
 */
public class BridgeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("dingtalk:stream").routeId("dingtalk-to-lark").autoStartup("{{demo.bridge.autostart:false}}")
                .log("DingTalk ${header.CamelChatSenderName} -> Lark: ${body}")
                .to("lark:message?to=chat_id:{{demo.lark.chat}}");
        from("lark:stream").routeId("lark-to-dingtalk").autoStartup("{{demo.bridge.autostart:false}}")
                .log("Lark ${header.CamelChatSenderId} -> DingTalk: ${body}")
                .to("dingtalk:message?to=group:{{demo.dingtalk.group}}");
    }
}
