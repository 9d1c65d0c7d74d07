package io.camelchat.examples;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;

/**
 * A Symphony stream ({@code demo.symphony.stream}, usually a room) and a Lark chat ({@code demo.lark.chat}) bridged
 * both ways, in the style of {@link BridgeRoutes}: each component converts what it receives to a ChatMessage and the
 * other one sends it; attachments are downloaded from one platform and uploaded to the other.
 * <p>
 * The Symphony side reads its own datafeed (tag {@code demo.symphony.bridge.feed}), so it can run next to the echo bot
 * of {@link SymphonyEchoBotRoutes}; both routes keep only the messages meant for them.
 */
public class SymphonyLarkBridgeRoutes extends RouteBuilder {

    /** The tag of the Symphony side's datafeed unless {@code demo.symphony.bridge.feed} names another. */
    public static final String FEED_TAG = "camel-chat-demo-bridge";

    @Override
    public void configure() {
        from("symphony:datafeed?eventTypes=MESSAGESENT&datafeedTag={{demo.symphony.bridge.feed:" + FEED_TAG + "}}")
                .routeId("symphony-to-lark").autoStartup("{{demo.symphony.bridge.autostart:true}}")
                .filter(simple("${header." + ChatHeaders.CONVERSATION_ID + "} == ${properties:demo.symphony.stream}"))
                .log("Symphony ${header." + ChatHeaders.SENDER_NAME + "} -> Lark: ${body}")
                .to("lark:message?to=chat_id:{{demo.lark.chat}}");
        from("lark:stream").routeId("lark-to-symphony").autoStartup("{{demo.symphony.bridge.autostart:true}}")
                .filter(simple("${header." + ChatHeaders.CONVERSATION_ID + "} == ${properties:demo.lark.chat}"))
                .log("Lark ${header." + ChatHeaders.SENDER_ID + "} -> Symphony: ${body}")
                .to("symphony:message?to=stream:{{demo.symphony.stream}}");
    }
}
