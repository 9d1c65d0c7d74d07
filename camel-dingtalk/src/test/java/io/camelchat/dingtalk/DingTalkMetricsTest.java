package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelchat.common.ChatHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a Micrometer registry in the Camel registry, consumers and producers report what they do. */
class DingTalkMetricsTest extends DingTalkTestSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicBoolean failedOnce = new AtomicBoolean();

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
                from("dingtalk:stream?subscriptions=event").routeId("metered")
                        .filter(header(ChatHeaders.EVENT_TYPE).isEqualTo("metrics_fail_first"))
                        .process(e -> {
                            if (failedOnce.compareAndSet(false, true)) {
                                throw new IllegalStateException("failed on purpose");
                            }
                        });
                from("direct:send").to("dingtalk:message?to=group:" + GROUP);
            }
        };
    }

    private double count(String name) {
        var counter = meters.find(name).tag("platform", "dingtalk").tag("routeId", "metered").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void consumerCountsEventsAcknowledgementsFailuresRedeliveriesAndConnects() {
        String ok = sim.pushEvent("metrics_ok", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.isAcknowledged(ok));
        String again = sim.pushEvent("metrics_fail_first", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.isAcknowledged(again));

        await().atMost(Duration.ofSeconds(5)).until(() -> count("camelchat.consumer.events.acknowledged") >= 2);
        assertThat(count("camelchat.consumer.events.received")).isGreaterThanOrEqualTo(3);
        assertThat(count("camelchat.consumer.events.failed")).isEqualTo(1);
        assertThat(count("camelchat.consumer.events.redelivered")).isGreaterThanOrEqualTo(1);
        assertThat(meters.find("camelchat.consumer.connects").tag("routeId", "metered").functionCounter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void producerTimesItsCallsWithTheirOutcome() {
        template.sendBody("direct:send", "metered send");
        Exchange refused = template.send("direct:send", e -> {
            e.getMessage().setHeader(ChatHeaders.TO, "group:cidUNKNOWN==");
            e.getMessage().setBody("to nowhere");
        });
        assertThat(refused.getException()).isNotNull();
        Timer success = meters.find("camelchat.producer.calls").tag("platform", "dingtalk").tag("operation", "send")
                .tag("outcome", "success").timer();
        assertThat(success).isNotNull();
        assertThat(success.count()).isEqualTo(1);
        assertThat(meters.find("camelchat.producer.calls").tag("operation", "send").timers())
                .anyMatch(t -> !"success".equals(t.getId().getTag("outcome")) && t.count() == 1);
    }
}
