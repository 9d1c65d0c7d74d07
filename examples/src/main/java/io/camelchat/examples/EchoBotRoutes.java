package io.camelchat.examples;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;

/**
 * The DingTalk echo bot in Java DSL: every message a user sends the robot gets an answer in the same conversation.
 * {@code src/main/resources/routes/dingtalk-echo-bot.yaml} is the same route in YAML DSL.
 */
public class EchoBotRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("dingtalk:stream").routeId("java-echo-bot").autoStartup("{{demo.java.autostart:true}}")
                .log("<- ${header." + ChatHeaders.SENDER_NAME + "} (${header." + ChatHeaders.CONVERSATION_TYPE
                     + "}): ${body}")
                .convertBodyTo(String.class)
                .setBody(simple("Hi ${header." + ChatHeaders.SENDER_NAME + "}, you said: ${body}"))
                .to("dingtalk:message?operation=reply")
                .log("-> replied in ${header." + ChatHeaders.CONVERSATION_ID + "}");
    }
}
