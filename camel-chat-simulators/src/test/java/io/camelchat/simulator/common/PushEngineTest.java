package io.camelchat.simulator.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelchat.simulator.common.PushEngine.Push;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PushEngineTest {

    private final SimScheduler scheduler = new SimScheduler("push-engine-test", e -> {
    });
    private final List<String> written = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean connected = new AtomicBoolean(true);

    private PushEngine<String> engine(Duration ackTimeout, List<Duration> delays) {
        return new PushEngine<>(scheduler, ackTimeout, delays, p -> {
            if (!connected.get()) {
                return false;
            }
            written.add(p.id() + ":" + p.payload());
            return true;
        });
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void redeliversUnansweredPushesWithTheSameIdsThenGivesUp() {
        PushEngine<String> engine = engine(Duration.ofMillis(100),
                List.of(Duration.ofMillis(20), Duration.ofMillis(20)));
        engine.push(new Push<>("m1", "e1", "data", true));
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.isGivenUp("e1"));
        assertThat(engine.deliveries("m1")).isEqualTo(3);
        assertThat(engine.deliveries("e1")).isEqualTo(3);
        assertThat(written).containsOnly("m1:data").hasSize(3);
        assertThat(engine.isAcknowledged("m1")).isFalse();
    }

    @Test
    void anAcknowledgementStopsRedeliveryAndARejectionRedeliversAtOnceAfterTheDelay() {
        PushEngine<String> engine = engine(Duration.ofSeconds(30), List.of(Duration.ofMillis(20)));
        Push<String> p = new Push<>("m1", null, "x", true);
        engine.push(p);
        engine.reject(p);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.deliveries("m1") == 2);
        assertThat(engine.acknowledge(p)).isTrue();
        assertThat(engine.acknowledge(p)).isFalse();
        assertThat(engine.isAcknowledged("m1")).isTrue();
        assertThat(engine.isGivenUp("m1")).isFalse();
    }

    @Test
    void unreliablePushesAreWrittenOnceAndPushesWithoutClientWaitInTheQueue() {
        PushEngine<String> engine = engine(Duration.ofMillis(50), List.of(Duration.ofMillis(10)));
        engine.push(new Push<>("once", null, "x", false));
        connected.set(false);
        engine.push(new Push<>("later", "e2", "y", true));
        assertThat(engine.queued()).isEqualTo(1);
        assertThat(engine.deliveries("later")).isZero();
        connected.set(true);
        engine.flushQueued();
        assertThat(engine.queued()).isZero();
        assertThat(engine.deliveries("e2")).isEqualTo(1);
        assertThat(engine.find("e2").id()).isEqualTo("later");
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(engine.deliveries("once")).isEqualTo(1);
    }

    @Test
    void aBulkWriterTakesTheWholeBatchOrLeavesItToSingleDeliveries() {
        PushEngine<String> engine = engine(Duration.ofSeconds(30), List.of());
        List<Push<String>> batch = List.of(new Push<>("a", null, "1", true), new Push<>("b", null, "2", true));
        engine.pushAll(batch, all -> true);
        assertThat(written).isEmpty();
        assertThat(engine.deliveries("a")).isEqualTo(1);
        engine.pushAll(List.of(new Push<>("c", null, "3", true)), all -> false);
        assertThat(written).containsExactly("c:3");
    }
}
