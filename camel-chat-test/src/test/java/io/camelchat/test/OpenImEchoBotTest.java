package io.camelchat.test;

import java.time.Duration;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.openim.OpenImMessage;
import io.camelchat.simulator.openim.OpenImSimulator;
import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An OpenIM echo bot with the extension registered as a field; the native simulator is injected as well. */
class OpenImEchoBotTest {

    @RegisterExtension
    static ChatSimulatorExtension chat = ChatSimulatorExtension.of("openim");

    @ChatSimulator
    OpenImSimulator server;

    @Test
    void answersUsersDirectlyAndInGroups() throws Exception {
        RunningSimulator openim = chat.get("openim");
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("openim:stream")
                            .setBody(simple("You said: ${body}"))
                            .choice()
                            .when(header(ChatHeaders.CONVERSATION_TYPE).isEqualTo("group"))
                            .to("openim:message?to=group:" + openim.group())
                            .otherwise()
                            .setHeader(ChatHeaders.TO, simple("user:${header." + ChatHeaders.SENDER_ID + "}"))
                            .to("openim:message");
                }
            });
            camel.start();
            await().atMost(Duration.ofSeconds(20)).until(openim::botConnected);

            openim.userSendsText("hello bot");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> openim.textsSentTo(openim.user()).contains("You said: hello bot"));

            openim.userSendsGroupText("bob", openim.group(), "hello group");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> openim.textsSentTo(openim.group()).contains("You said: hello group"));

            assertThat(server.sentBy(openim.bot())).extracting(OpenImMessage::text)
                    .contains("You said: hello bot", "You said: hello group");
        }
    }
}
