package io.camelchat.simulator.lark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.camelchat.simulator.common.Balancing;
import io.camelchat.simulator.lark.proto.Pbbp2;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.lark.LarkTestSupport.connect;
import static io.camelchat.simulator.lark.LarkTestSupport.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several long connections of one app share its events (cluster mode); a closed connection's events move on. */
class LarkLongConnectionBalancingTest {

    @Test
    void eachEventGoesToOneConnectionAndAClosedConnectionsEventsGoToTheOthers() throws Exception {
        try (LarkSimulator sim = LarkTestSupport.builder().ackTimeout(Duration.ofMinutes(1))
                .balancing(Balancing.ROUND_ROBIN).start();
                LarkTestSupport.WsClient c1 = connect(sim);
                LarkTestSupport.WsClient c2 = connect(sim);
                LarkTestSupport.WsClient c3 = connect(sim)) {
            await().until(() -> sim.openConnections() == 3);
            List<String> eventIds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                eventIds.add(sim.pushEvent("custom.event_v1", Map.of("i", i)));
            }
            List<String> got1 = frameIds(c1, 2, true);
            List<String> got2 = frameIds(c2, 2, false); // never answered
            List<String> got3 = frameIds(c3, 2, true);
            Set<String> all = new HashSet<>(got1);
            all.addAll(got2);
            all.addAll(got3);
            assertThat(all).as("each event went to exactly one connection").hasSize(6);

            c2.ws.abort();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.openConnections() == 2);
            Set<String> moved = new HashSet<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (moved.size() < 2 && System.nanoTime() < end) {
                for (LarkTestSupport.WsClient c : List.of(c1, c3)) {
                    Object o = c.frames.poll(50, TimeUnit.MILLISECONDS);
                    if (o instanceof Pbbp2.Frame f && f.getMethod() == 1) {
                        moved.add(headers(f).get("message_id"));
                        c.answer(f, "{\"code\":200}");
                    }
                }
            }
            assertThat(moved).as("c2's events, delivered again to the others")
                    .containsExactlyInAnyOrderElementsOf(got2);
            await().until(() -> eventIds.stream().allMatch(sim::isAcknowledged));
            assertThat(eventIds.stream().mapToInt(sim::deliveries).sum()).isEqualTo(8);
        }
    }

    private static List<String> frameIds(LarkTestSupport.WsClient c, int n, boolean answer) {
        List<String> ids = new ArrayList<>();
        while (ids.size() < n) {
            Pbbp2.Frame f = c.next();
            if (f.getMethod() != 1) {
                continue;
            }
            ids.add(headers(f).get("message_id"));
            if (answer) {
                c.answer(f, "{\"code\":200}");
            }
        }
        return ids;
    }
}
