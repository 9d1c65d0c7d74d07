package io.camelchat.symphony;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.symphony.SymEvent;
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

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> workIds = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("symphony:datafeed?eventTypes=MESSAGESENT").routeId("feed").to("seda:work");
                from("seda:work").routeId("work")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            String text = e.getMessage().getBody(String.class);
                            if (text != null && text.contains("fail first")) {
                                workIds.add(id);
                            }
                            int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            if (text != null && text.contains("fail first") && n == 1) {
                                throw new IllegalStateException("the work failed on purpose");
                            }
                            if (text != null && text.contains("hold")) {
                                started.countDown();
                                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                            }
                        });
            }
        };
    }

    @Test
    void failureAfterTheHandOffLeavesTheBatchUnacknowledgedAndItComesAgain() {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>please fail first</messageML>");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.acknowledged(e.id()));
        assertThat(sim.deliveries(e.id())).isGreaterThanOrEqualTo(2);
        String messageId = workIds.get(0);
        assertThat(workIds).hasSizeGreaterThanOrEqualTo(2).allMatch(messageId::equals);
    }

    @Test
    void slowWorkAfterTheHandOffIsAcknowledgedWhenItIsDone() throws Exception {
        SymEvent e = sim.userPostsMessage(ALICE, aliceIm, "<messageML>hold this one</messageML>");
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !sim.acknowledged(e.id()));
        release.countDown();
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.acknowledged(e.id()));
        assertThat(sim.deliveries(e.id())).isEqualTo(1);
    }
}
