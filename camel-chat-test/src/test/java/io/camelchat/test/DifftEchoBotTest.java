package io.camelchat.test;

import java.time.Duration;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Difft echo bot on {@code difft:stream}: a simulated user's text, directly and in the group, gets the route's
 * reply; the producer also sends on its own. Wuids begin with {@code +}, carried in headers as they are.
 */
@ChatSimulators("difft")
class DifftEchoBotTest {

    @ChatSimulator
    RunningSimulator difft;

    @ChatSimulator
    DifftSimulator server;

    @Test
    void answersUsersDirectlyAndInGroups() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("difft:stream")
                            .setBody(simple("You said: ${body}"))
                            .choice()
                            .when(header(ChatHeaders.CONVERSATION_TYPE).isEqualTo("group"))
                            .setHeader(ChatHeaders.TO, simple("group:${header." + ChatHeaders.CONVERSATION_ID + "}"))
                            .otherwise()
                            .setHeader(ChatHeaders.TO, simple("user:${header." + ChatHeaders.SENDER_ID + "}"))
                            .end()
                            .to("difft:message");
                }
            });
            camel.start();
            await().atMost(Duration.ofSeconds(20)).until(difft::botConnected);

            difft.userSendsText("hello bot");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> difft.textsSentTo(difft.user()).contains("You said: hello bot"));

            difft.userSendsGroupText(difft.users().get(1), difft.group(), "hello group");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> difft.textsSentTo(difft.group()).contains("You said: hello group"));
            assertThat(server.protocolErrors()).isEmpty();
        }
    }

    @Test
    void sendsToAUserAndToTheGroup() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            int before = difft.textsSent().size();
            ProducerTemplate template = camel.createProducerTemplate();
            template.sendBodyAndHeader("difft:message", "hello Alice", ChatHeaders.TO, "user:" + difft.user());
            template.sendBodyAndHeader("difft:message", "hello group", ChatHeaders.TO, "group:" + difft.group());
            await().atMost(Duration.ofSeconds(20)).until(() -> difft.textsSent().size() == before + 2);
            assertThat(difft.textsSentTo(difft.user())).contains("hello Alice");
            assertThat(difft.textsSentTo(difft.group())).contains("hello group");
            assertThat(difft.textsSentTo(difft.users().get(1))).doesNotContain("hello Alice", "hello group");
        }
    }
}
