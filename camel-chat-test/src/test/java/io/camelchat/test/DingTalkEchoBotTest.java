package io.camelchat.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A DingTalk echo bot on a plain DefaultCamelContext: the simulator is injected into a field. */
@ChatSimulators("dingtalk")
class DingTalkEchoBotTest {

    @ChatSimulator
    RunningSimulator dingtalk;

    @Test
    void answersUsersInTheirConversation() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("dingtalk:stream")
                            .process(e -> received.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)))
                            .setBody(simple("You said: ${body}"))
                            .to("dingtalk:message?operation=reply");
                }
            });
            camel.start();
            await().atMost(Duration.ofSeconds(20)).until(dingtalk::botConnected);

            String id = dingtalk.userSendsText("hello robot");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dingtalk.textsSentTo(dingtalk.user()).contains("You said: hello robot"));
            assertThat(received).contains(id);

            String groupId = dingtalk.userSendsGroupText("bob", dingtalk.group(), "hello group");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dingtalk.textsSentTo(dingtalk.group()).stream()
                            .anyMatch(t -> t.contains("hello group")));
            assertThat(received).contains(groupId);
            assertThat(dingtalk.textsSentTo("bob")).noneMatch(t -> t.contains("hello robot"));
        }
    }
}
