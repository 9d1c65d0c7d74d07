package io.camelchat.examples;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;

/**
 * A Difft group ({@code demo.difft.group}) and a Lark chat ({@code demo.lark.chat}) bridged both ways, in the style of
 * {@link BridgeRoutes}. The Difft side reads the bot's websocket listener, which carries every conversation of the
 * bot, and keeps the group's; a file is downloaded and decrypted on one side and uploaded on the other (on Difft
 * encrypted first and authorized for the group). Difft accepts one message per second per app: the component's
 * {@code sendInterval} (1 s by default) spaces the sends.
 */
public class DifftLarkBridgeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("difft:stream").routeId("difft-to-lark").autoStartup("{{demo.difft.bridge.autostart:true}}")
                .filter(simple("${header." + ChatHeaders.CONVERSATION_ID + "} == ${properties:demo.difft.group}"))
                .log("Difft ${header." + ChatHeaders.SENDER_NAME + "} -> Lark: ${body}")
                .to("lark:message?to=chat_id:{{demo.lark.chat}}");
        from("lark:stream").routeId("lark-to-difft").autoStartup("{{demo.difft.bridge.autostart:true}}")
                .filter(simple("${header." + ChatHeaders.CONVERSATION_ID + "} == ${properties:demo.lark.chat}"))
                .log("Lark ${header." + ChatHeaders.SENDER_ID + "} -> Difft: ${body}")
                .to("difft:message?to=group:{{demo.difft.group}}");
    }
}
