package io.camelchat.examples;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;

/**
 * The Symphony echo bot: every message a user sends the bot in an IM (1:1 or multi-party) gets an answer in the same
 * stream. Room messages are left alone (the bridge of {@link SymphonyLarkBridgeRoutes} handles its room).
 * <p>
 * The route reads its own datafeed (tag {@code demo.symphony.echo.feed}), so that it can run next to the bridge route:
 * Symphony hands every event to every feed of the bot.
 */
public class SymphonyEchoBotRoutes extends RouteBuilder {

    /** The tag of the route's datafeed unless {@code demo.symphony.echo.feed} names another. */
    public static final String FEED_TAG = "camel-chat-demo-echo";

    @Override
    public void configure() {
        from("symphony:datafeed?eventTypes=MESSAGESENT&datafeedTag={{demo.symphony.echo.feed:" + FEED_TAG + "}}")
                .routeId("symphony-echo-bot").autoStartup("{{demo.symphony.echo.autostart:true}}")
                .filter(header(ChatHeaders.CONVERSATION_TYPE).isEqualTo("direct"))
                .log("<- ${header." + ChatHeaders.SENDER_NAME + "} (IM): ${body}")
                .convertBodyTo(String.class)
                .setBody(simple("Hi ${header." + ChatHeaders.SENDER_NAME + "}, you said: ${body}"))
                .setHeader(ChatHeaders.TO, simple("stream:${header." + ChatHeaders.CONVERSATION_ID + "}"))
                .to("symphony:message")
                .log("-> replied in ${header." + ChatHeaders.CONVERSATION_ID + "}");
    }
}
