package io.camelchat.difft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code difft:stream} handing its exchanges on to {@code seda:} with several lanes: a batch is acknowledged when the
 * handed-on work is done, and a failure there has the message delivered again.
 */
class DifftStreamHandOffTest extends DifftConsumerTestSupport {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> entered = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("difft:stream?concurrentConsumers=3").routeId("stream").to("seda:work");
                from("seda:work?concurrentConsumers=3").routeId("work")
                        .process(e -> {
                            String id = e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
                            entered.add(id);
                            int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            String text = e.getMessage().getBody(String.class);
                            if (text.contains("hold")) {
                                gate.await(30, TimeUnit.SECONDS);
                            }
                            if (text.contains("fail-once") && n == 1) {
                                throw new IllegalStateException("handed-on work failed on purpose");
                            }
                        })
                        .to("mock:done");
            }
        };
    }

    @Test
    void aBatchIsAcknowledgedWhenTheHandedOnWorkIsDone() {
        String ref = sim.sendText(ALICE, BOT, "hold in the seda route");
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.contains(ref));
        // the stream route returned long ago; the work it handed on is not done
        assertThat(sim.isAcknowledged(APP, ref)).isFalse();
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(attempts.get(ref).get()).isEqualTo(1);
    }

    @Test
    void aFailureOfTheHandedOnWorkIsDeliveredAgain() {
        gate.countDown();
        String ref = sim.sendText(BOB, BOT, "fail-once after the hand-off");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.isAcknowledged(APP, ref));
        assertThat(attempts.get(ref).get()).isEqualTo(2);
        assertThat(getMockEndpoint("mock:done").getExchanges())
                .anyMatch(x -> ref.equals(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)));
    }

    @Test
    void manyMessagesOfSeveralConversationsAreEachRoutedOnce() {
        gate.countDown();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refs.add(switch (i % 3) {
                case 0 -> sim.sendText(ALICE, BOT, "many " + i);
                case 1 -> sim.sendText(BOB, BOT, "many " + i);
                default -> sim.sendGroupText(ALICE, GID, "many " + i);
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> refs.stream().allMatch(r -> sim.isAcknowledged(APP, r)));
        for (String r : refs) {
            assertThat(attempts.get(r).get()).as("attempts of %s", r).isEqualTo(1);
        }
    }
}
