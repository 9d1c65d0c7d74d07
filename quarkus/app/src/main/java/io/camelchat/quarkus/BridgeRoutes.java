package io.camelchat.quarkus;

import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of the Quarkus application that Java DSL holds (the DingTalk to Lark bridge is in
 * {@code routes/bridge.yaml}): Lark events that arrive at the webhook, served by Quarkus's own HTTP server through
 * {@code platform-http}, go to a DingTalk group, and the messages of a Symphony room or IM go to the Lark chat. An
 * OpenIM group is bridged with the Lark chat: what its members say goes to the chat, and Lark events posted to a
 * second webhook path go to the group. A Difft group is bridged with the Lark chat the same way: what the bot's
 * websocket receives goes to the chat, Lark events posted to a third webhook path go to the group. Camel Quarkus finds
 * this class by itself.
 */
public class BridgeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("lark:webhook?webhookPath={{camelchat.bridge.lark-webhook-path}}").routeId("lark-webhook-to-dingtalk")
                .log("Lark ${header.CamelChatSenderId} -> DingTalk: ${body}")
                .to("dingtalk:message?to=group:{{camelchat.bridge.dingtalk-group}}");
        from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("symphony-to-lark")
                .log("Symphony ${header.CamelChatSenderName} -> Lark: ${body}")
                .to("lark:message?to=chat_id:{{camelchat.bridge.lark-chat}}");
        // one stream consumer for the OpenIM user: a second gateway connection on the same platform signs out the first
        from("openim:stream").routeId("openim-to-lark")
                .log("OpenIM ${header.CamelChatSenderName} -> Lark: ${body}")
                .to("lark:message?to=chat_id:{{camelchat.bridge.lark-chat}}");
        from("lark:webhook?webhookPath={{camelchat.bridge.lark-openim-webhook-path}}").routeId("lark-webhook-to-openim")
                .log("Lark ${header.CamelChatSenderId} -> OpenIM: ${body}")
                .to("openim:message?to=group:{{camelchat.bridge.openim-group}}");
        from("difft:stream").routeId("difft-to-lark")
                .log("Difft ${header.CamelChatSenderName} -> Lark: ${body}")
                .to("lark:message?to=chat_id:{{camelchat.bridge.lark-chat}}");
        from("lark:webhook?webhookPath={{camelchat.bridge.lark-difft-webhook-path}}").routeId("lark-webhook-to-difft")
                .log("Lark ${header.CamelChatSenderId} -> Difft: ${body}")
                .to("difft:message?to=group:{{camelchat.bridge.difft-group}}");
    }
}
