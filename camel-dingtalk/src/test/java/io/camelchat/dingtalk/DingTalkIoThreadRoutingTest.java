package io.camelchat.dingtalk;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link DingTalkUnitOfWorkTest}'s scenarios with {@code usingExecutorService=false}: the events are routed on the
 * connection's I/O thread, with no worker pool, and acknowledged as with workers (when the work handed on to
 * {@code seda:} is done, {@code LATER} for a failure, the card's answer from the work).
 */
class DingTalkIoThreadRoutingTest extends DingTalkUnitOfWorkTest {

    @Override
    String streamOptions() {
        return "&usingExecutorService=false";
    }

    @Test
    void eventsAreRoutedOnTheIoThreadAndEachAcknowledgedOnce() {
        List<String> ids = sim.pushEvents(200, "plain", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(sim::isAcknowledged));
        assertThat(ids).allSatisfy(id -> assertThat(sim.deliveries(id)).isEqualTo(1));
        assertThat(routingThreads).isNotEmpty().allSatisfy(name -> assertThat(name).endsWith("DingTalkStreamIO"));
    }

    @Test
    void theIoThreadReadsOnWhileTheWorkHandedOnIsHeld() throws Exception {
        String held = sim.pushEvent("hold", Map.of("k", "v"));
        assertThat(work.awaitHolding()).isTrue();
        int routed = patterns.size();
        String next = sim.pushEvent("plain", Map.of("k", "v"));
        // routed by the stream route while the held event's work waits (the seda consumer is busy with it)
        await().atMost(Duration.ofSeconds(10)).until(() -> patterns.size() > routed);
        assertThat(sim.isAcknowledged(held)).isFalse();
        work.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.isAcknowledged(held) && sim.isAcknowledged(next));
        assertThat(sim.deliveries(held)).isEqualTo(1);
        assertThat(sim.deliveries(next)).isEqualTo(1);
    }
}
