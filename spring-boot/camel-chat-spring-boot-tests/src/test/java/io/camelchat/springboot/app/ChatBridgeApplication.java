package io.camelchat.springboot.app;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application as a user writes one: the starters on the class path, the components configured by
 * {@code application.properties} ({@code camel.component.<scheme>.*}), the routes in a {@link RouteBuilder} bean.
 */
@SpringBootApplication
public class ChatBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatBridgeApplication.class, args);
    }

    @Bean
    RouteBuilder bridgeRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // what DingTalk users tell the robot lands in a Lark chat
                from("dingtalk:stream").routeId("dingtalk-to-lark")
                        .to("lark:message?to=chat_id:{{bridge.lark-chat}}");
                // Lark events, over the long connection or posted to the application's own HTTP port, land in a
                // DingTalk group
                from("lark:stream").routeId("lark-stream-to-dingtalk")
                        .to("dingtalk:message?to=group:{{bridge.dingtalk-group}}");
                from("lark:webhook?webhookPath={{bridge.lark-webhook-path}}").routeId("lark-webhook-to-dingtalk")
                        .to("dingtalk:message?to=group:{{bridge.dingtalk-group}}");
                // what is said in the OpenIM groups of the bridge's user lands in the Lark chat, and Lark events
                // posted to a second webhook path land in an OpenIM group, sent as that user
                from("openim:stream").routeId("openim-to-lark")
                        .to("lark:message?to=chat_id:{{bridge.lark-chat}}");
                from("lark:webhook?webhookPath={{bridge.lark-openim-webhook-path}}").routeId("lark-webhook-to-openim")
                        .to("openim:message?to=group:{{bridge.openim-group}}");
                // what is said in a Difft group of the bot (read over its websocket) lands in the Lark chat, and Lark
                // events posted to a third webhook path land in that Difft group, sent by the bot
                from("difft:stream").routeId("difft-to-lark")
                        .to("lark:message?to=chat_id:{{bridge.lark-chat}}");
                from("lark:webhook?webhookPath={{bridge.lark-difft-webhook-path}}").routeId("lark-webhook-to-difft")
                        .to("difft:message?to=group:{{bridge.difft-group}}");
            }
        };
    }
}
