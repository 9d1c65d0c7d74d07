package io.camelchat.symphony;

import java.time.Duration;
import java.util.List;

import io.camelchat.common.testkit.HandOffWork;
import io.camelchat.simulator.symphony.SymEvent;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * symphony:datafeed acknowledges a batch when the unit of work of each of its exchanges is done: a route that hands the
 * events on to {@code seda:} acknowledges when the seda consumer finished them, and a failure there leaves the batch
 * unacknowledged, so Symphony delivers it again with the same ids.
 */
class SymphonyUnitOfWorkTest extends SymphonyTestSupport {

    private final HandOffWork work = new HandOffWork(e -> text(e).contains("fail first"),
            e -> text(e).contains("hold"));

    private static String text(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        return text == null ? "" : text;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("feed").to("seda:work");
                from("seda:work").routeId("work").process(work);
            }
        };
    }

    @Test
    void failureAfterTheHandOffLeavesTheBatchUnacknowledgedAndItComesAgain() {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>please fail first</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.acknowledged(e.id()));
        assertThat(sim.deliveries(e.id())).isGreaterThanOrEqualTo(2);
        List<String> ids = work.failFirstIds();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(2).allMatch(ids.get(0)::equals);
    }

    @Test
    void slowWorkAfterTheHandOffIsAcknowledgedWhenItIsDone() throws Exception {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>hold this one</messageML>");
        assertThat(work.awaitHolding()).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !sim.acknowledged(e.id()));
        work.release();
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.acknowledged(e.id()));
        assertThat(sim.deliveries(e.id())).isEqualTo(1);
    }
}
