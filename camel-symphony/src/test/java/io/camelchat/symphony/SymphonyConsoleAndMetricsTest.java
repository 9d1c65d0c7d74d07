package io.camelchat.symphony;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.symphony.SymEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The datafeed reports to Micrometer, and the Symphony dev console page shows its feed and the bot, no secret. */
class SymphonyConsoleAndMetricsTest extends SymphonyTestSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("meters", meters);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("observed").log("${body}");
            }
        };
    }

    private double count(String name) {
        var counter = meters.find(name).tag("platform", "symphony").tag("routeId", "observed").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    @SuppressWarnings("unchecked")
    void datafeedIsCountedAndShown() {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>observe me</messageML>");
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.acknowledged(e.id()));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("camelchat.consumer.events.acknowledged") >= 1);
        assertThat(count("camelchat.consumer.events.received")).isGreaterThanOrEqualTo(1);

        DevConsole console = context.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("symphony");
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        List<Map<String, Object>> consumers = (List<Map<String, Object>>) json.get("consumers");
        assertThat(consumers).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("routeId", "observed").containsEntry("state", "polling");
            assertThat(c.get("datafeed").toString()).isNotEmpty();
        });
        assertThat((List<Map<String, Object>>) json.get("endpoints"))
                .anySatisfy(ep -> assertThat(ep).containsEntry("bot", BOT).containsEntry("authFailing", false));
        assertThat(json.toString() + console.call(DevConsole.MediaType.TEXT)).doesNotContain("PRIVATE KEY");
    }
}
