package io.camelchat.test;

import java.time.Duration;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/** A Symphony echo bot reading its datafeed; the simulator is a test method parameter. */
@ChatSimulators("symphony")
class SymphonyEchoBotTest {

    @Test
    void answersInTheStreamOfTheMessage(RunningSimulator symphony) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("symphony:datafeed?eventTypes=MESSAGESENT")
                            .setBody(simple("You said: ${body}"))
                            .setHeader(ChatHeaders.TO, simple("stream:${header." + ChatHeaders.CONVERSATION_ID + "}"))
                            .to("symphony:message");
                }
            });
            camel.start();
            await().atMost(Duration.ofSeconds(20)).until(symphony::botConnected);

            symphony.userSendsText("hello <bot> & co");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> symphony.textsSentTo(symphony.user()).contains("You said: hello <bot> & co"));

            symphony.userSendsGroupText("hello room");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> symphony.textsSentTo(symphony.group()).contains("You said: hello room"));
        }
    }
}
