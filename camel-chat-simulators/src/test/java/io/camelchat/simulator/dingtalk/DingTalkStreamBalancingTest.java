package io.camelchat.simulator.dingtalk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.camelchat.simulator.common.Balancing;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.dingtalk.TestSupport.connect;
import static io.camelchat.simulator.dingtalk.TestSupport.headers;
import static io.camelchat.simulator.dingtalk.TestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several Stream connections of one app share its pushes; a closed connection's unanswered events move on. */
class DingTalkStreamBalancingTest {

    @Test
    void eachEventGoesToOneConnectionAndAClosedConnectionsEventsGoToTheOthers() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.builder().ackTimeout(Duration.ofMinutes(1))
                .balancing(Balancing.ROUND_ROBIN).start();
                TestSupport.StreamClient c1 = connect(sim);
                TestSupport.StreamClient c2 = connect(sim);
                TestSupport.StreamClient c3 = connect(sim)) {
            await().until(() -> sim.openConnections() == 3);
            List<String> pushed = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                pushed.add(sim.pushEvent("scale_event", Map.of("i", i)));
            }
            List<String> got1 = eventIds(c1, 3, true);
            List<String> got2 = eventIds(c2, 3, false); // never answered
            List<String> got3 = eventIds(c3, 3, true);
            Set<String> all = new HashSet<>(got1);
            all.addAll(got2);
            all.addAll(got3);
            assertThat(all).as("each event went to exactly one connection").hasSize(9)
                    .containsExactlyInAnyOrderElementsOf(pushed);

            // bulk pushes are spread too
            List<String> bulk = sim.pushEvents(6, "scale_event", Map.of());
            List<String> bulk1 = eventIds(c1, 2, true);
            List<String> bulk3 = eventIds(c3, 2, true);
            List<String> bulk2 = eventIds(c2, 2, true);
            Set<String> bulkAll = new HashSet<>(bulk1);
            bulkAll.addAll(bulk2);
            bulkAll.addAll(bulk3);
            assertThat(bulkAll).containsExactlyInAnyOrderElementsOf(bulk);

            // c2 dies without answering: its three events go to c1 and c3 at once (the ack deadline is a minute)
            c2.ws.abort();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 2);
            Set<String> moved = new HashSet<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (moved.size() < 3 && System.nanoTime() < end) {
                for (TestSupport.StreamClient c : List.of(c1, c3)) {
                    String f = c.frames.poll(50, TimeUnit.MILLISECONDS);
                    if (f != null) {
                        Map<String, Object> frame = parse(f);
                        moved.add((String) headers(frame).get("eventId"));
                        c.ack(frame, 200, Map.of("status", "SUCCESS"));
                    }
                }
            }
            assertThat(moved).containsExactlyInAnyOrderElementsOf(got2);
            await().until(() -> pushed.stream().allMatch(sim::isAcknowledged));
            assertThat(got2).allSatisfy(id -> assertThat(sim.deliveries(id)).isEqualTo(2));
            assertThat(got1).allSatisfy(id -> assertThat(sim.deliveries(id)).isEqualTo(1));
        }
    }

    private static List<String> eventIds(TestSupport.StreamClient c, int n, boolean ack) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> f = c.next();
            ids.add((String) headers(f).get("eventId"));
            if (ack) {
                c.ack(f, 200, Map.of("status", "SUCCESS"));
            }
        }
        return ids;
    }
}
