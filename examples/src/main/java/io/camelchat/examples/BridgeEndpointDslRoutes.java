package io.camelchat.examples;

import org.apache.camel.builder.RouteBuilder;

import static io.camelchat.dingtalk.endpoint.StaticEndpointBuilders.dingtalk;
import static io.camelchat.lark.endpoint.StaticEndpointBuilders.lark;

/**
 * The dingtalk-to-lark route of {@link BridgeRoutes} in Endpoint DSL: the endpoints and their options are typed Java,
 * checked by the compiler and completed by the IDE.
 */
public class BridgeEndpointDslRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(dingtalk("stream")).routeId("endpoint-dsl-dingtalk-to-lark")
                .log("DingTalk ${header.CamelChatSenderName} -> Lark: ${body}")
                .to(lark("message").to("chat_id:{{demo.lark.chat}}"));
    }
}
