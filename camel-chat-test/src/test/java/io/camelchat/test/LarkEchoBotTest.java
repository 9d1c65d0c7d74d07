package io.camelchat.test;

import java.time.Duration;

import io.camelchat.simulator.standalone.RunningSimulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A Lark echo bot under camel-test-junit5's CamelTestSupport; the annotated static field alone runs the simulator. */
class LarkEchoBotTest extends CamelTestSupport {

    @ChatSimulator("lark")
    static RunningSimulator lark;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("lark:stream").setBody(simple("You said: ${body}")).to("lark:message?operation=reply");
            }
        };
    }

    @Test
    void repliesToUsers() {
        await().atMost(Duration.ofSeconds(20)).until(lark::botConnected);
        lark.userSendsText("hello bot");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> lark.textsSentTo(lark.user()).contains("You said: hello bot"));

        lark.userSendsGroupText("hello chat");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> lark.textsSentTo(lark.group()).stream().anyMatch(t -> t.contains("hello chat")));
        assertThat(lark.textsSent()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theComponentIsConfiguredFromTheSimulator() {
        assertThat(context.resolvePropertyPlaceholders("{{camel.component.lark.apiUrl}}"))
                .isEqualTo(lark.endpoints().get("apiUrl"));
    }
}
