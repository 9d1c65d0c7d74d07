package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The DingTalk page of Camel's dev console shows consumers and endpoints, and no secret. */
class DingTalkDevConsoleTest extends DingTalkTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk:stream?subscriptions=event").routeId("console-stream").log("${body}");
                from("direct:send").to("dingtalk:message?to=group:" + GROUP);
            }
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void pageShowsTheConsumerStateLastEventAndTokenExpiryButNoSecret() {
        String eventId = sim.pushEvent("console_event", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.isAcknowledged(eventId));
        template.sendBody("direct:send", "for the console");

        DevConsole console = context.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("dingtalk");
        assertThat(console).isInstanceOf(DingTalkDevConsole.class);
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        List<Map<String, Object>> consumers = (List<Map<String, Object>>) json.get("consumers");
        assertThat(consumers).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("routeId", "console-stream").containsEntry("state", "connected");
            assertThat(c.get("lastEventAt").toString()).isNotEmpty();
            assertThat((Long) c.get("routed")).isGreaterThanOrEqualTo(1L);
        });
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) json.get("endpoints");
        assertThat(endpoints).anySatisfy(e -> {
            assertThat(e).containsEntry("kind", "message");
            assertThat(e.get("tokenExpiresAt").toString()).isNotEmpty();
        });
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("console-stream", "connected");
        assertThat(json.toString() + text).doesNotContain(CLIENT_SECRET);
    }
}
